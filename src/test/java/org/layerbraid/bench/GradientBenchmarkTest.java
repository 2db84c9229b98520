package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerbraid.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench gradients} on a tiny set: every row present, every figure finite, the two places' gradients equal. */
class GradientBenchmarkTest {

  @Test
  void tinyRunPrintsEveryDepthWithEqualGradients(@TempDir Path dir) throws Exception {
    Path txt = dir.resolve("gradients.md");
    CliRun run = CliRun.of("bench", "gradients", "--depths", "2,6", "--width", "3", "--per-class", "12", "--partitions", "3",
        "--rounds", "2", "--quiet", "--out", txt.toString());
    String out = run.out();
    assertEquals(0, run.code(), out + run.err());
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
    CliRun run = CliRun.of("bench", "gradients", "--rounds", "0");
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("rounds 0"), run.err());
  }
}
