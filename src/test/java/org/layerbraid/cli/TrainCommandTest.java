package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.EpochsCsv;
import org.layerbraid.report.MetricsWriter;

/**
 * {@code layerbraid train} end to end, through {@link Main#execute}: it starts and stops its own
 * Spark session, so this class shares no context with others.
 */
@ExtendWith(NoSparkUi.class)
class TrainCommandTest {
  private static final long SEED = 3;

  @TempDir Path tmp;

  private Path config(String... lines) throws IOException {
    Path f = tmp.resolve("peaks-small.conf");
    Files.write(f, List.of(lines));
    return f;
  }

  /** Runs the CLI, returning the exit code and what it printed to stderr. */
  private static Object[] run(String... args) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Object[] {code, captured.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(err);
    }
  }

  private static double accuracy(ResNet net, Examples data) {
    int[] predicted = BatchEvaluation.predict(net, new SerialPropagation(), data);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) if (predicted[i] == data.label(i)) correct++;
    return (double) correct / predicted.length;
  }

  private static BufferedImage picture(Path png) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "not a decodable PNG: " + png);
    assertTrue(img.getWidth() >= 200 && img.getHeight() >= 200, png + " is " + img.getWidth() + "x" + img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
    assertTrue(colours.size() > 5, "only " + colours.size() + " colours in " + png);
    return img;
  }

  @Test
  void trainsPeaksAndWritesEverything() throws IOException {
    Path conf = config(
        "# small Peaks run",
        "data.kind = peaks",
        "data.partitions = 2",
        "peaks.trainPerClass = 100",
        "peaks.validationPerClass = 20",
        "model.layers = 4",
        "train.epochs = 20",
        "train.learningRate = 0.05",
        "output.progress = quiet",
        "seed = " + SEED);
    Path out = tmp.resolve("out");
    Object[] result = run("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, result[0], "exit code; stderr: " + result[1]);

    for (String f : List.of("model/metadata.json", "model/weights.bin", "metrics.json", "epochs.csv",
        "training_curves.png", "decision_map.png")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing");
    }

    Map<String, Object> m = MetricsWriter.readMetrics(out.resolve("metrics.json"));
    for (String key : List.of("train_accuracy", "validation_accuracy", "grid_accuracy")) {
      double v = ((Number) m.get(key)).doubleValue();
      assertTrue(v >= 0 && v <= 1, key + " = " + v);
    }
    double trainLoss = ((Number) m.get("train_loss")).doubleValue();
    assertTrue(trainLoss > 0 && Double.isFinite(trainLoss), "train_loss " + trainLoss);
    assertTrue(((Number) m.get("wall_seconds")).doubleValue() > 0);
    assertEquals(20, ((Number) m.get("epochs")).intValue());

    List<EpochRecord> epochs = EpochsCsv.read(out.resolve("epochs.csv"));
    assertEquals(20, epochs.size());
    for (int e = 0; e < 20; e++) assertEquals(e + 1, epochs.get(e).epoch());
    assertEquals(21, Files.readAllLines(out.resolve("epochs.csv")).stream().filter(l -> !l.isBlank()).count());
    // It learned: loss down, and well above the 20 % of guessing on the balanced training classes.
    assertTrue(epochs.get(19).trainLoss() < epochs.get(0).trainLoss());
    assertTrue(((Number) m.get("train_accuracy")).doubleValue() > 0.4, "train_accuracy " + m.get("train_accuracy"));

    picture(out.resolve("training_curves.png"));
    picture(out.resolve("decision_map.png"));

    // The saved model reproduces the stated accuracies, on data regenerated here from the seed.
    ModelFiles.Loaded model = ModelFiles.load(out.resolve("model").toString(), new Configuration());
    assertEquals(4, model.shape().depth());
    assertEquals(Peaks.DIM, model.shape().inputDim());
    assertEquals(Peaks.CLASSES, model.shape().numClasses());
    assertEquals("4", model.info().path("config").path("model.layers").asText());
    ResNet net = model.network();
    assertEquals(((Number) m.get("grid_accuracy")).doubleValue(), accuracy(net, Peaks.grid()), 1e-12);
    assertEquals(((Number) m.get("train_accuracy")).doubleValue(), accuracy(net, Peaks.sample(100, SEED)), 1e-12);
    assertEquals(((Number) m.get("validation_accuracy")).doubleValue(),
        accuracy(net, Peaks.sample(20, Peaks.validationSeed(SEED))), 1e-12);
    // Kept parameters are those of the best validation epoch, as keepBest (the default) says.
    int kept = ((Number) m.get("kept_epoch")).intValue();
    assertEquals(epochs.stream().mapToDouble(EpochRecord::validationAccuracy).max().getAsDouble(),
        ((Number) m.get("validation_accuracy")).doubleValue(), 1e-12);
    assertEquals(epochs.get(kept - 1).validationAccuracy(), ((Number) m.get("validation_accuracy")).doubleValue(), 1e-12);
  }

  /** One-shot MGRIT training through the CLI ends at the same accuracies on every engine. */
  @Test
  void theResidentAndStageEnginesTrainAsTheInJvmEngineDoes() throws IOException {
    Path conf = config("data.kind = peaks", "data.partitions = 2", "peaks.trainPerClass = 40",
        "peaks.validationPerClass = 10", "model.layers = 16", "train.epochs = 4", "train.learningRate = 0.05",
        "propagation = mgrit", "mgrit.mode = oneshot", "mgrit.layerPartitions = 2", "mgrit.dataShards = 2",
        "train.keepBest = false", "output.progress = quiet", "seed = " + SEED);
    Map<String, Object> jvm = null;
    for (String engine : List.of("jvm", "spark", "stages", "resident")) {
      Path out = tmp.resolve(engine);
      Object[] result = run("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[4]",
          "mgrit.engine=" + engine);
      assertEquals(0, result[0], engine + ": " + result[1]);
      Map<String, Object> m = MetricsWriter.readMetrics(out.resolve("metrics.json"));
      if (jvm == null) {
        jvm = m;
        continue;
      }
      for (String key : List.of("train_accuracy", "validation_accuracy", "grid_accuracy", "train_loss")) {
        assertEquals(((Number) jvm.get(key)).doubleValue(), ((Number) m.get(key)).doubleValue(), 1e-12, engine + " " + key);
      }
    }
  }

  @Test
  void unknownKeyExitsWithCodeTwoAndOneLine() throws IOException {
    Path conf = config("model.layers = 4", "train.epoch = 20");
    Path out = tmp.resolve("never");
    Object[] result = run("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(2, result[0]);
    String err = ((String) result[1]).strip();
    assertEquals(1, err.lines().count(), "not one line: " + err);
    assertTrue(err.startsWith("layerbraid: " + conf + " line 2: unknown key 'train.epoch'"), err);
    assertTrue(err.contains("did you mean 'train.epochs'?"), err);
    assertFalse(Files.exists(out), "output written although the run failed");

    Object[] override = run("train", "--config", conf.toString().replace("peaks-small", "none"), "x=1");
    assertEquals(2, override[0]);
    assertTrue(((String) override[1]).contains("does not exist"), (String) override[1]);

    Object[] badValue = run("train", "--config", config("model.layers = 4").toString(), "model.layers=four");
    assertEquals(2, badValue[0]);
    String badErr = ((String) badValue[1]).strip();
    assertEquals(1, badErr.lines().count(), badErr);
    assertTrue(badErr.contains("command-line argument 'model.layers=four'") && badErr.contains("must be an integer"), badErr);
  }

  @Test
  void valuesTheOptionTableOrTheShapeLimitRefuseNameTheKeyAndWhereItCameFrom() throws IOException {
    String conf = config("output.progress = quiet").toString();
    Object[] batch = run("train", "--config", conf, "train.batchSize=-5");
    assertEquals(2, batch[0]);
    String err = ((String) batch[1]).strip();
    assertTrue(err.startsWith("layerbraid: command-line argument 'train.batchSize=-5'") && err.contains("train.batchSize")
        && err.lines().count() == 1, err);

    Object[] wide = run("train", "--config", conf, "model.width=100000");
    assertEquals(2, wide[0]);
    String w = ((String) wide[1]).strip();
    assertTrue(w.startsWith("layerbraid: command-line argument 'model.width=100000': model.width = 100000 with model.layers"
        + " = 32 (default of model.layers)") && w.contains("at most 268435456") && w.lines().count() == 1, w);
  }

  @Test
  void yourOwnFileTrainsWithFeatureAndClassCountsFromTheData() throws IOException {
    Path conf = config("model.layers = 4", "train.epochs = 3", "output.progress = quiet");
    Path out = tmp.resolve("own");
    Object[] r = run("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]",
        "data.kind=libsvm", "data.path=data/peaks-sample.libsvm");
    assertEquals(0, r[0], "stderr: " + r[1]);
    Map<String, Object> metrics = MetricsWriter.readMetrics(out.resolve("metrics.json"));
    assertTrue(String.valueOf(metrics.get("data")).contains("2 features, 5 classes, 2 blocks"), metrics.toString());
  }
}
