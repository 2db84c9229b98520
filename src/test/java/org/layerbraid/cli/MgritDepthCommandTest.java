package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layerbraid mgrit depth} on a zero-refined network: the table has a row per depth, and
 * the mean coarse weights need fewer iterations than sampling the first layer, which doubles
 * the trained layers' effect on every coarse step.
 */
class MgritDepthCommandTest {

  @Test
  void zeroRefinedWeightsConvergeFasterWithTheMeanOnCoarseSteps(@TempDir Path dir) throws Exception {
    List<String[]> mean = rows(dir.resolve("mean"), "mean");
    List<String[]> first = rows(dir.resolve("first"), "first");
    assertEquals(2, mean.size());
    for (int i = 0; i < mean.size(); i++) {
      assertEquals("zero", mean.get(i)[2]);
      assertEquals(List.of("16", "32").get(i), mean.get(i)[3]);
      int fm = Integer.parseInt(mean.get(i)[5]), ff = Integer.parseInt(first.get(i)[5]);
      assertTrue(fm < ff, "forward iterations at depth " + mean.get(i)[3] + ": mean " + fm + ", first " + ff);
    }
  }

  /** The table rows of depth-scaling.md, split at the bars. */
  private static List<String[]> rows(Path out, String coarseWeights) throws Exception {
    int code = Main.execute("mgrit", "depth", "--activations", "relu", "--weights", "zero", "--layers", "16,32",
        "--trainLayers", "8", "--trainSteps", "20", "--width", "4", "--batch", "40", "--absTol", "1e-8",
        "--coarseWeights", coarseWeights, "--out", out.toString());
    assertEquals(0, code);
    return Files.readAllLines(out.resolve("depth-scaling.md"), StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("| relu")).map(l -> l.split("\\s*\\|\\s*")).toList();
  }
}
