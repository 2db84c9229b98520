package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.CliRun;
import org.layerbraid.report.MetricsWriter;
import org.layerbraid.train.CheckpointFolder;

/**
 * The driver killed with SIGKILL ({@link Process#destroyForcibly}) while it trains, in a JVM of its
 * own running {@code layerbraid train}, then resumed with {@code --resume}: killed after the
 * nested-iteration refinement (on the Spark engine also in the first level, and then again while
 * resuming), the run ends with the uninterrupted run's model and metrics bit for bit. Serial propagation with gradients summed by
 * Spark jobs, and one-shot MGRIT on the Spark stage engine and on the resident engine (warm starts,
 * 2 layer partitions, which the resident engine runs as 2 tasks on the 2 local slots).
 */
@ExtendWith(NoSparkUi.class)
class ResumeAfterKillIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Killed once, after the refinement (the kill in the first level is the Spark engine case's). */
  @Test
  void serialPropagationWithSparkGradients() throws Exception {
    killThenResume("serial", false, List.of("train.gradients = spark"));
  }

  @Test
  void oneShotMgritOnTheStageEngine() throws Exception {
    killThenResume("stage-engine", true, List.of("propagation = mgrit", "mgrit.mode = oneshot", "mgrit.engine = stages",
        "mgrit.layerPartitions = 2", "mgrit.maxLevels = 2"));
  }

  /** Killed once, after the refinement, with the warm starts of every shard in the checkpoint. */
  @Test
  void oneShotMgritOnTheResidentEngine() throws Exception {
    killThenResume("resident-engine", false, List.of("propagation = mgrit", "mgrit.mode = oneshot",
        "mgrit.engine = resident", "mgrit.layerPartitions = 2", "mgrit.maxLevels = 2"));
  }

  private void killThenResume(String name, boolean inTheFirstLevelToo, List<String> propagation) throws Exception {
    List<String> lines = new ArrayList<>(List.of("data.kind = peaks", "peaks.trainPerClass = 30",
        "peaks.validationPerClass = 10", "model.layers = 4", "model.width = 4", "nested.levels = 2",
        "nested.epochs = 4, 4", "train.learningRate = 0.05", "output.progress = json", "seed = 4",
        "checkpoint.every = 1"));
    lines.addAll(propagation);
    Path conf = tmp.resolve(name + ".conf");
    Files.write(conf, lines);

    Path whole = tmp.resolve(name + "-whole");
    CliRun uninterrupted = CliRun.of("train", "--config", conf.toString(), "--out", whole.toString(), "--master", "local[2]");
    assertEquals(0, uninterrupted.code(), uninterrupted.err());

    Path out = tmp.resolve(name + "-killed");
    String first = inTheFirstLevelToo ? killAfter(conf, out, 0, 2, false) : "level 1, epoch 1 (not killed there)";
    assertTrue(first.startsWith("level 1, epoch "), "killed in level 1, the checkpoint is after " + first);
    String second = killAfter(conf, out, 1, 2, inTheFirstLevelToo);
    assertTrue(second.startsWith("level 2, epoch "), "killed after the refinement, the checkpoint is after " + second);

    CliRun resumed = CliRun.of("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]",
        "--resume");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming after " + second), resumed.out());
    for (String key : ResumeCommandTest.LEARNT) {
      assertEquals(MetricsWriter.readMetrics(whole.resolve("metrics.json")).get(key),
          MetricsWriter.readMetrics(out.resolve("metrics.json")).get(key), name + ": " + key);
    }
    for (String model : List.of("model", "model-level-0", "model-level-1")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(model).resolve("weights.bin")),
          Files.readAllBytes(out.resolve(model).resolve("weights.bin")), name + ": " + model);
    }
    assertFalse(Files.exists(out.resolve("checkpoint")));
    System.out.println(name + ": killed with a checkpoint after " + first + ", then after " + second
        + "; resumed to the uninterrupted run's result");
  }

  /**
   * Starts {@code train} in a JVM of its own, kills it once it reports epoch {@code epoch} of level
   * {@code level} (0-based), and returns where its checkpoint then stands.
   */
  private String killAfter(Path conf, Path out, int level, int epoch, boolean resume) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Dlog4j2") || arg.startsWith("-XX:+Ignore")) cmd.add(arg);
    }
    cmd.addAll(List.of("-Dspark.ui.enabled=false", "-cp", System.getProperty("java.class.path"),
        "org.layerbraid.cli.Main", "train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]"));
    if (resume) cmd.add("--resume");
    Path err = tmp.resolve("killed-" + level + ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    boolean killed = false;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.startsWith("{")) continue;
        JsonNode e = JSON.readTree(line);
        if (e.path("event").asText().equals("epoch") && e.path("level").asInt() == level && e.path("epoch").asInt() == epoch) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
          killed = true;
          break;
        }
      }
    } finally {
      if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
    }
    assertTrue(killed, "the run ended before it reported level " + (level + 1) + " epoch " + epoch + ": "
        + Files.readString(err));
    assertNotEquals(0, p.exitValue());
    FileSystem fs = FileSystem.getLocal(new Configuration());
    CheckpointFolder checkpoint = new CheckpointFolder(fs, new org.apache.hadoop.fs.Path(out.toUri()));
    assertTrue(checkpoint.exists(), "no checkpoint after the kill");
    return checkpoint.load().checkpoint().where();
  }
}
