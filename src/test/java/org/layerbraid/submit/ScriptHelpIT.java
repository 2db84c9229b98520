package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help and the key table come from the main class alone, not through spark-submit (a second JVM
 * and Spark's launcher: four seconds). An integration test because the script runs the packaged jar.
 */
class ScriptHelpIT {
  @ParameterizedTest
  @ValueSource(strings = {"--help", "train --help", "keys --help", "keys", "--master yarn study nested --help"})
  void answersWithoutSparkSubmit(String args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("submit/layerbraid"));
    cmd.addAll(List.of(args.split(" ")));
    long start = System.nanoTime();
    ProjectCommand r = ProjectCommand.run(cmd, "", Map.of());
    double seconds = (System.nanoTime() - start) * 1e-9;
    System.out.printf("submit/layerbraid %s: %.2f s%n", args, seconds);

    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.err().contains("spark-submit"), "ran through spark-submit: " + r.err());
    String first = r.out().get(0);
    assertTrue(args.equals("keys") ? first.equals("| key | default | meaning |") : first.startsWith("Usage: layerbraid"),
        String.join("\n", r.out()));
  }
}
