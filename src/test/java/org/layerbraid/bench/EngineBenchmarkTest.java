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

/** {@code bench engine} on a tiny network: every table present, every figure finite. No timing assertions. */
class EngineBenchmarkTest {

  @Test
  void tinyRunPrintsCompleteFiniteTablesAndAPlot(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("speedup.png"), txt = dir.resolve("engine.txt");
    CliRun run = CliRun.of("bench", "engine", "--depth", "32", "--width", "2", "--batch", "3", "--iterations", "2",
        "--cores", "1,2", "--partitions", "2", "--repeats", "1", "--tiny-repeats", "1", "--paired-rounds", "2",
        "--model-executors", "4,16",
        "--model-depths", "64,256", "--quiet", "--plot", png.toString(), "--out", txt.toString());
    String out = run.out();
    assertEquals(0, run.code(), out + run.err());
    assertEquals(out, Files.readString(txt));
    for (String expected : List.of("| serial propagation |", "| in-JVM engine |", "| Spark engine | local[1] | 2 |",
        "| Spark engine | local[2] | 2 |", "| resident engine | local[1] | 1 |", "| resident engine | local[2] | 2 |",
        "resident engine: local[2] (2 tasks) is ", "paired rounds (2 tasks ÷ 1 task",
        " of 2 paired rounds", "local[2] is ", "local[1] is ", "ms per stage run", "cost model: step",
        "| 64 |", "| 256 |", "P=4:", "P=16:", "machine: ", "load: before load average")) {
      assertTrue(out.contains(expected), "missing '" + expected + "' in\n" + out);
    }
    assertFalse(out.contains("NaN"), out);
    assertFalse(out.contains("Infinity"), out);
    // The Spark engines give the in-JVM engine's states.
    for (String line : out.split("\n")) {
      if (line.startsWith("| Spark engine |") || line.startsWith("| resident engine |")) {
        String[] cells = line.split("\\|");
        double diff = Double.parseDouble(cells[cells.length - 1].trim());
        assertTrue(diff <= 1e-12, line);
      }
    }
    byte[] head = Files.readAllBytes(png);
    assertTrue(head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "not a PNG");
  }
}
