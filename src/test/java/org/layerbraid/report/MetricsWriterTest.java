package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsWriterTest {
  @TempDir Path dir;

  @Test
  void metricsJsonIsStrictPrettyJsonWithNonFiniteAsNull() throws IOException {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("finalValidationAccuracy", 0.985);
    metrics.put("steps", 3000L);
    metrics.put("mgritResidual", Double.NaN);
    metrics.put("speedup", Double.POSITIVE_INFINITY);
    metrics.put("engine", "spark");
    metrics.put("depths", new int[] {4, 8, 16});
    metrics.put("perLevel", Map.of("0", Map.of("epochs", 12)));

    Path file = new MetricsWriter(dir.resolve("run1")).writeMetrics(metrics);

    assertEquals(dir.resolve("run1/metrics.json"), file);
    String text = Files.readString(file);
    assertTrue(text.contains("\n  \""), "indented for people: " + text);
    JsonNode root = new ObjectMapper().readTree(text);
    assertEquals(0.985, root.get("finalValidationAccuracy").doubleValue());
    assertEquals(3000L, root.get("steps").longValue());
    assertTrue(root.get("mgritResidual").isNull());
    assertTrue(root.get("speedup").isNull());
    assertEquals("spark", root.get("engine").textValue());
    assertEquals(16, root.get("depths").get(2).intValue());
    assertEquals(12, root.get("perLevel").get("0").get("epochs").intValue());
    assertEquals(0.985, MetricsWriter.readMetrics(file).get("finalValidationAccuracy"));
  }

  @Test
  void epochsCsvHasHeaderAndOneRowPerRecordAndReadsBackExactly() throws IOException {
    List<EpochRecord> records = TestRecords.history(3, 4);
    Path file = new MetricsWriter(dir).writeEpochs(records);

    List<String> lines = Files.readAllLines(file);
    assertEquals(1 + records.size(), lines.size());
    assertEquals("level,depth,epoch,step,trainLoss,trainAccuracy,validationLoss,"
        + "validationAccuracy,elapsedSeconds,epochSeconds,mgritForwardIterations,"
        + "mgritBackwardIterations,mgritResidual,examplesPerSecond", lines.get(0));
    String[] firstRow = lines.get(1).split(",");
    assertEquals(14, firstRow.length);
    assertEquals("0", firstRow[0]);
    assertEquals("4", firstRow[1]);
    assertEquals("NaN", firstRow[12], "serial epochs have no MGRIT residual");

    // Records compare doubles with Double.compare semantics, so NaN == NaN and bits must match.
    assertEquals(records, EpochsCsv.read(file));
  }

  @Test
  void rewritingEpochsReplacesTheFile() throws IOException {
    MetricsWriter w = new MetricsWriter(dir);
    List<EpochRecord> records = TestRecords.history(2, 5);
    w.writeEpochs(records.subList(0, 7));
    Path file = w.writeEpochs(records);
    assertEquals(records.size(), EpochsCsv.read(file).size());
  }
}
