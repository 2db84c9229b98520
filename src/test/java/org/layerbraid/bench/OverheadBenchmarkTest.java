package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.layerbraid.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench overhead} on a short chain: its tables and JSON hold a finite figure for every engine and task count. */
class OverheadBenchmarkTest {

  @Test
  void tinyRunWritesEveryFigure(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("overhead.json");
    CliRun run = CliRun.of("bench", "overhead", "--depth", "16", "--rounds", "1", "--warmup", "0", "--iterations",
        "1,2", "--tasks", "2,3", "--quiet",
        "--json", json.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    for (String expected : List.of("| stage engine |", "| resident engine |", "resident ÷ stage engine", "| 3 |",
        "machine: ")) {
      assertTrue(run.out().contains(expected), "missing '" + expected + "' in\n" + run.out());
    }
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    for (String engine : List.of("stage engine", "resident engine")) {
      assertTrue(Double.isFinite(root.path("overhead_ms_per_iteration").path(engine).asDouble(Double.NaN)), engine);
    }
    for (String tasks : List.of("2", "3")) {
      assertTrue(Double.isFinite(root.path("resident_ms_per_iteration_by_tasks").path(tasks).asDouble(Double.NaN)), tasks);
    }
  }
}
