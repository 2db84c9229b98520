package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EpochsCsvTest {
  private static final String HEADER = "level,depth,epoch,step,trainLoss,trainAccuracy,"
      + "validationLoss,validationAccuracy,elapsedSeconds,epochSeconds,mgritForwardIterations,"
      + "mgritBackwardIterations,mgritResidual,examplesPerSecond";

  @Test
  void columnsAreFoundByNameSoExtraAndReorderedColumnsAreFine() {
    String csv = "note,examplesPerSecond,mgritResidual,mgritBackwardIterations,"
        + "mgritForwardIterations,epochSeconds,elapsedSeconds,validationAccuracy,validationLoss,"
        + "trainAccuracy,trainLoss,step,epoch,depth,level\r\n"
        + "x,1200.5,1e-6,1.5,2,0.25,3.5,0.9,0.3,0.92,0.28,40,4,16,2\r\n\r\n";
    List<EpochRecord> rs = EpochsCsv.parse(csv);
    assertEquals(List.of(new EpochRecord(2, 16, 4, 40, 0.28, 0.92, 0.3, 0.9, 3.5, 0.25, 2, 1.5,
        1e-6, 1200.5)), rs);
  }

  @Test
  void headerOnlyMeansNoRecords() {
    assertEquals(List.of(), EpochsCsv.parse(HEADER + "\n"));
    assertEquals(HEADER + "\n", EpochsCsv.format(List.of()));
  }

  @Test
  void missingColumnIsNamed() {
    String csv = HEADER.replace(",mgritResidual", "") + "\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EpochsCsv.parse(csv));
    assertTrue(e.getMessage().contains("'mgritResidual'"), e.getMessage());
  }

  @Test
  void badCellIsReportedWithLineAndColumn() {
    String row = "0,8,1,10,abc,0.5,0.7,0.5,1.0,1.0,0,0,NaN,100";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EpochsCsv.parse(HEADER + "\n" + row + "\n"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("'trainLoss'")
        && e.getMessage().contains("'abc'"), e.getMessage());
  }

  @Test
  void shortRowIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EpochsCsv.parse(HEADER + "\n0,8,1\n"));
    assertTrue(e.getMessage().contains("3 fields"), e.getMessage());
  }

  @Test
  void emptyTextIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> EpochsCsv.parse(""));
  }
}
