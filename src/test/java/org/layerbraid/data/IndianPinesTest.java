package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndianPinesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Feature value of example m, band b, chosen so every entry is distinct and easy to predict. */
  private static double value(int m, int b) {
    return m * 1000 + b + 0.25;
  }

  /** {@code n} examples of the real shape (220 bands, 16 classes), written as the authors write them. */
  private void writeFullShape(int n) throws IOException {
    StringBuilder x = new StringBuilder();
    StringBuilder y = new StringBuilder();
    for (int m = 0; m < n; m++) {
      for (int b = 0; b < 220; b++) x.append(b == 0 ? "" : " ").append(String.format(Locale.ROOT, "%1.14e", value(m, b)));
      x.append('\n');
      for (int k = 0; k < 16; k++) y.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%e", k == (m * 7) % 16 ? 1.0 : 0.0));
      y.append('\n');
    }
    write(IndianPines.TRAIN_FEATURES, x.toString());
    write(IndianPines.TRAIN_LABELS, y.toString());
  }

  @Test
  void readsTheAuthorsTextForm() throws IOException {
    writeFullShape(20);
    Examples e = IndianPines.read(dir.resolve(IndianPines.TRAIN_FEATURES), dir.resolve(IndianPines.TRAIN_LABELS), 220, 16);
    assertEquals(20, e.size());
    assertEquals(220, e.dim());
    assertEquals(16, e.numClasses());
    for (int m = 0; m < 20; m++) {
      assertEquals((m * 7) % 16, e.label(m));
      assertEquals(value(m, 0), e.feature(m, 0));
      assertEquals(value(m, 219), e.feature(m, 219));
    }
  }

  @Test
  void acceptsCommasAndBlankLines() throws IOException {
    Path x = write("x", "1, 2,3\n\n4 5\t6\n");
    Path y = write("y", "0,1\n\n1 0\n");
    Examples e = IndianPines.read(x, y, 3, 2);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, e.features());
    assertArrayEquals(new int[] {1, 0}, e.labels());
  }

  private String failure(String features, String labels) throws IOException {
    Path x = write("x.dat", features);
    Path y = write("y.dat", labels);
    return assertThrows(DataException.class, () -> IndianPines.read(x, y, 3, 2)).getMessage();
  }

  @Test
  void wrongFeatureCountNamesTheLine() throws IOException {
    assertEquals(dir.resolve("x.dat") + " line 3: expected 3 feature values, found 2",
        failure("1 2 3\n\n4 5\n", "1 0\n0 1\n"));
  }

  @Test
  void nonNumberIsReported() throws IOException {
    assertEquals(dir.resolve("x.dat") + " line 1: value 2: 'abc' is not a number",
        failure("1 abc 3\n", "1 0\n"));
  }

  @Test
  void nanAndInfinityAreRejected() throws IOException {
    assertEquals(dir.resolve("x.dat") + " line 2: value 3 is NaN; expected a finite number",
        failure("1 2 3\n4 5 NaN\n", "1 0\n0 1\n"));
    assertEquals(dir.resolve("x.dat") + " line 1: value 1 is -Infinity; expected a finite number",
        failure("-Infinity 2 3\n", "1 0\n"));
  }

  @Test
  void labelRowsMustBeOneHot() throws IOException {
    assertEquals(dir.resolve("y.dat") + " row 2: values 1 and 2 are both 1; expected exactly one 1 among the 2 one-hot values",
        failure("1 2 3\n4 5 6\n", "1 0\n1 1\n"));
    assertEquals(dir.resolve("y.dat") + " row 1: value 2 is 0.5; expected one-hot values 0 or 1",
        failure("1 2 3\n", "0 0.5\n"));
    assertEquals(dir.resolve("y.dat") + " row 1: no value is 1; expected exactly one 1 among the 2 one-hot values",
        failure("1 2 3\n", "0 0\n"));
    assertEquals(dir.resolve("y.dat") + " line 1: expected 2 one-hot label values, found 1",
        failure("1 2 3\n", "1\n"));
  }

  @Test
  void rowCountMismatchNamesBothFiles() throws IOException {
    assertEquals(dir.resolve("x.dat") + " has 2 rows but " + dir.resolve("y.dat") + " has 1; expected one label row per feature row",
        failure("1 2 3\n4 5 6\n", "1 0\n"));
  }

  @Test
  void emptyAndMissingFilesAreReported() throws IOException {
    assertEquals(dir.resolve("x.dat") + ": empty file; expected rows of 3 feature values", failure("\n\n", "1 0\n"));
    DataException e = assertThrows(DataException.class,
        () -> IndianPines.read(dir.resolve("none.dat"), dir.resolve("y.dat"), 3, 2));
    assertEquals(dir.resolve("none.dat") + ": no such file", e.getMessage());
  }
}
