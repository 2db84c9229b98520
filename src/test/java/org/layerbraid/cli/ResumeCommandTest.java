package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.CliRun;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.LoadedData;
import org.layerbraid.report.MetricsWriter;
import org.layerbraid.report.Progress;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.RunSettings;
import org.layerbraid.train.CheckpointFolder;
import org.layerbraid.train.Checkpointing;
import org.layerbraid.train.EpochMonitor;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingCheckpoint;

/**
 * {@code train --resume} in this JVM: from checkpoints made by the same training code (one before
 * and one after a nested-iteration refinement), the command ends with the uninterrupted run's
 * model and metrics, bit for bit; mismatched settings and an unresumed checkpoint are refused. The
 * kill -9 of a real driver is {@code ResumeAfterKillIT}'s.
 */
@ExtendWith(NoSparkUi.class)
class ResumeCommandTest {
  /** What metrics.json says about the model: everything but times and the run's identity. */
  static final List<String> LEARNT = List.of("train_accuracy", "train_loss", "validation_accuracy", "validation_loss",
      "grid_accuracy", "epochs", "kept_epoch", "steps", "layers", "parameters");

  @TempDir Path tmp;

  private Path config() throws IOException {
    Path conf = tmp.resolve("resume.conf");
    Files.write(conf, List.of("data.kind = peaks", "peaks.trainPerClass = 40", "peaks.validationPerClass = 10",
        "model.layers = 4", "model.width = 4", "train.gradients = driver", "nested.levels = 2", "nested.epochs = 3, 3",
        "output.progress = quiet", "seed = 2"));
    return conf;
  }

  private static CliRun train(Path conf, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--config", conf.toString(), "--out", out.toString(), "--master",
        "local[2]"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The checkpoints the run with this config saves, made by the training code itself. */
  private static List<TrainingCheckpoint> checkpoints(Path conf) {
    Config c = Config.load(conf);
    RunSettings s = RunSettings.from(c);
    List<TrainingCheckpoint> saved = new ArrayList<>();
    try (Spark.Session session = Spark.open("checkpoints", "local[2]")) {
      LoadedData data = DataSets.load(session.spark(), s.data(), s.partitions());
      Training.fitNested(data, s.model(), s.propagation(), s.training(), s.nested(), Progress.forMode("quiet", System.out),
          EpochMonitor.NONE, null, new Checkpointing(null, 1, saved::add));
    }
    return saved;
  }

  private static void plant(Path conf, Path out, TrainingCheckpoint c) throws IOException {
    Files.createDirectories(out);
    new CheckpointFolder(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(out.toUri()))
        .save(Config.load(conf).effective(), c);
  }

  @Test
  void resumedRunsEndWithTheUninterruptedRunsResults() throws IOException {
    Path conf = config();
    Path whole = tmp.resolve("whole");
    assertEquals(0, train(conf, whole).code());
    assertFalse(Files.exists(whole.resolve("checkpoint")), "a finished run leaves no checkpoint");

    List<TrainingCheckpoint> saved = checkpoints(conf);
    assertEquals(List.of("level 1, epoch 1", "level 1, epoch 2", "level 2, epoch 1", "level 2, epoch 2"),
        saved.stream().map(TrainingCheckpoint::where).toList());
    for (int k : new int[] {1, 2}) { // before the refinement, and after it
      Path out = tmp.resolve("resumed-" + k);
      plant(conf, out, saved.get(k));
      CliRun r = train(conf, out, "--resume");
      assertEquals(0, r.code(), r.err());
      assertSameResults(whole, out, saved.get(k).where());
      assertFalse(Files.exists(out.resolve("checkpoint")), "the checkpoint is removed once the results are published");
    }

    // A retry that finds no checkpoint (killed before the first) trains from the start.
    Path empty = tmp.resolve("never-saved");
    CliRun fresh = train(conf, empty, "--resume", "output.progress=console");
    assertEquals(0, fresh.code(), fresh.err());
    assertTrue(fresh.out().contains("no checkpoint in"), fresh.out());
    assertSameResults(whole, empty, "no checkpoint");
  }

  @Test
  void aCheckpointIsResumedOnlyWhenAskedAndOnlyWithItsSettings() throws IOException {
    Path conf = config();
    Path out = tmp.resolve("out");
    plant(conf, out, checkpoints(conf).get(0));

    CliRun refused = train(conf, out);
    assertEquals(2, refused.code());
    String line = lastLine(refused);
    assertTrue(line.startsWith("layerbraid: --out ") && line.contains("holds the checkpoint of an unfinished run")
        && line.contains("--resume"), refused.err());
    assertFalse(refused.err().contains("Exception"), refused.err());

    CliRun other = train(conf, out, "--resume", "train.learningRate=0.02");
    assertEquals(2, other.code());
    assertTrue(lastLine(other).startsWith("layerbraid: --resume: train.learningRate is '0.02' (command-line argument"),
        other.err());
    assertTrue(lastLine(other).contains("was made with '0.01'"), other.err());

    // What only changes the console may differ.
    assertEquals(0, train(conf, out, "--resume", "output.progress=json", "checkpoint.every=2").code());
  }

  /** The error line: the console's last (the first names the Spark application). */
  private static String lastLine(CliRun r) {
    return r.err().strip().lines().reduce((a, b) -> b).orElse("");
  }

  private static void assertSameResults(Path expected, Path actual, String what) throws IOException {
    Map<String, Object> a = MetricsWriter.readMetrics(expected.resolve("metrics.json"));
    Map<String, Object> b = MetricsWriter.readMetrics(actual.resolve("metrics.json"));
    for (String key : LEARNT) assertEquals(a.get(key), b.get(key), key + ", resumed after " + what);
    for (String model : List.of("model", "model-level-0", "model-level-1")) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(model).resolve("weights.bin")),
          Files.readAllBytes(actual.resolve(model).resolve("weights.bin")), model + ", resumed after " + what);
    }
  }
}
