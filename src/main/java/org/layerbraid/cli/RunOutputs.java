package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.Charts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.LabelledPoints;
import org.layerbraid.report.MetricsWriter;
import org.layerbraid.report.Progress;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingResult;

/**
 * What a finished training run leaves behind: the model (kept parameters), {@code metrics.json},
 * {@code epochs.csv}, the training curves, and for Peaks the whole-grid accuracy and the decision
 * map. Every metric is computed from the kept parameters with serial propagation.
 */
final class RunOutputs {
  private RunOutputs() {}

  static Map<String, Object> write(Path outDir, Config config, RunSettings settings, LoadedData data,
      TrainingResult result, Progress progress) {
    try {
      Files.createDirectories(outDir);
      ResNet net = new ResNet(result.shape(), result.theta());
      Map<String, Object> m = new LinkedHashMap<>();
      GradientSum train = Training.evaluate(data, result.shape(), result.theta());
      GradientSum val = BatchEvaluation.evaluate(net, new SerialPropagation(), data.validation(), false, 0);
      m.put("train_accuracy", train.accuracy());
      m.put("train_loss", train.meanLoss());
      m.put("validation_accuracy", val.accuracy());
      m.put("validation_loss", val.meanLoss());
      if (data.test().isPresent()) {
        m.put("test_accuracy", BatchEvaluation.evaluate(net, new SerialPropagation(), data.test().get(), false, 0).accuracy());
      }
      if (settings.data().kind() == DataSpec.Kind.PEAKS) m.put("grid_accuracy", peaksGrid(outDir, net, data));
      m.put("wall_seconds", result.seconds());
      EpochRecord last = result.history().get(result.history().size() - 1);
      m.put("epochs", last.epoch());
      m.put("kept_epoch", result.keptEpoch());
      m.put("steps", result.steps());
      m.put("propagation", settings.propagation().describe());
      m.put("data", data.description());
      m.put("layers", result.shape().depth());
      m.put("width", result.shape().width());
      m.put("parameters", result.shape().size());
      m.put("config", config.effective());

      Map<String, Object> info = new LinkedHashMap<>(m);
      info.remove("config");
      info.put("config", config.explicit());
      ModelFiles.save(outDir.resolve("model").toString(), result.shape(), result.theta(), info, true, new Configuration());
      MetricsWriter writer = new MetricsWriter(outDir);
      writer.writeEpochs(result.history());
      writer.writeMetrics(m);
      Charts.trainingCurves(result.history(), outDir.resolve("training_curves.png"));
      Map<String, Object> summary = new LinkedHashMap<>(m);
      summary.remove("config");
      progress.runFinished(summary);
      progress.message("results in " + outDir.toAbsolutePath());
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("writing results to " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** Accuracy over the whole 256×256 grid, and the decision map with the training points on top. */
  private static double peaksGrid(Path outDir, ResNet net, LoadedData data) throws IOException {
    Examples grid = Peaks.grid();
    int[] predicted = BatchEvaluation.predict(net, new SerialPropagation(), grid);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) if (predicted[i] == grid.label(i)) correct++;
    Examples shown = data.validation();
    double[] xs = new double[shown.size()], ys = new double[shown.size()];
    for (int i = 0; i < shown.size(); i++) {
      xs[i] = shown.feature(i, 0);
      ys[i] = shown.feature(i, 1);
    }
    double lo = Peaks.coordinate(0), hi = Peaks.coordinate(Peaks.SIDE - 1);
    Charts.decisionMap(Peaks.SIDE, Peaks.SIDE, predicted, Peaks.CLASSES, lo, hi, lo, hi,
        new LabelledPoints(xs, ys, shown.labels()), outDir.resolve("decision_map.png"));
    return (double) correct / predicted.length;
  }
}
