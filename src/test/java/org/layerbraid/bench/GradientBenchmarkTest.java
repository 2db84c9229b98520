package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.cli.Main;

/** {@code bench gradients} on a tiny set: every row present, every figure finite, the two places' gradients equal. */
class GradientBenchmarkTest {

  @Test
  void tinyRunPrintsEveryDepthWithEqualGradients(@TempDir Path dir) throws Exception {
    Path txt = dir.resolve("gradients.md");
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.execute("bench", "gradients", "--depths", "2,6", "--width", "3", "--per-class", "12", "--partitions", "3",
          "--rounds", "2", "--quiet", "--out", txt.toString());
    } finally {
      System.setOut(before);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertEquals(out, Files.readString(txt));
    for (String expected : List.of("over 60 Peaks points, width 3", "3 partitions, local[2]", "machine: ",
        "load: before load average", "a Spark job doing nothing", "depth 6 ÷ depth 2: ")) {
      assertTrue(out.contains(expected), "missing '" + expected + "' in\n" + out);
    }
    assertFalse(out.contains("NaN") || out.contains("Infinity"), out);
    int rows = 0;
    for (String line : out.split("\n")) {
      if (line.matches("\\| [26] \\|.*")) {
        rows++;
        String[] cells = line.split("\\|");
        // The driver sums the partitions' blocks in the order Spark does: the same numbers, not merely close ones.
        assertEquals(0.0, Double.parseDouble(cells[cells.length - 1].trim()), line);
      }
    }
    assertEquals(2, rows, out);
  }

  @Test
  void badOptionsAreRefusedWithTheirValues() {
    PrintStream before = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.execute("bench", "gradients", "--rounds", "0");
    } finally {
      System.setErr(before);
    }
    assertTrue(code != 0);
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("rounds 0"), bytes.toString(StandardCharsets.UTF_8));
  }
}
