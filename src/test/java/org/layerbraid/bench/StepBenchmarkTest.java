package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.CliRun;

/** {@code bench step} on a short chain: every engine in the table, and a JSON of exactly the agreed keys. */
class StepBenchmarkTest {

  @Test
  void tinyRunWritesTheAgreedJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("step.json"), png = dir.resolve("step.png");
    CliRun run = CliRun.of("bench", "step", "--depth", "8", "--width", "2", "--batch", "4", "--rounds", "1",
        "--warmup", "0", "--iterations", "1,2", "--tasks", "2,3", "--quiet", "--json", json.toString(), "--plot",
        png.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    for (String expected : List.of("| serial propagation |", "| in-JVM engine |", "| stage engine |",
        "| resident engine |", "| resident engine, whole step |", "| resident engine, weights in the tasks |", "| 3 |", "machine: ")) {
      assertTrue(run.out().contains(expected), "missing '" + expected + "' in\n" + run.out());
    }
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("predicted_speedup", "model_error_max", "overhead_ms_per_iteration"), keys);
    for (String depth : List.of("1024", "4096")) {
      for (String p : List.of("16", "64")) {
        assertTrue(root.path("predicted_speedup").path(depth).path(p).isNumber(), depth + " " + p);
      }
    }
    assertTrue(Double.isFinite(root.path("model_error_max").asDouble(Double.NaN)));
    for (String engine : List.of("stage engine", "resident engine", "resident engine, whole step",
        "resident engine, weights in the tasks")) {
      assertTrue(root.path("overhead_ms_per_iteration").path(engine).isNumber(), engine);
    }
    assertTrue(Files.size(png) > 0);
  }
}
