package org.layerbraid.cli;

import org.layerbraid.settings.RunSettings;
import org.layerbraid.settings.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.layerbraid.train.NestedResult;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingResult;

/**
 * What a finished training run leaves behind: the model (kept parameters), {@code metrics.json},
 * {@code epochs.csv}, the training curves, and for Peaks the whole-grid accuracy and the decision
 * map. Every metric is computed from the kept parameters with serial propagation.
 */
final class RunOutputs {
  private RunOutputs() {}

  static Map<String, Object> write(OutputFolder out, Config config, RunSettings settings, LoadedData data,
      TrainingResult result, Progress progress) {
    return write(out, config, settings, data, new NestedResult(result, List.of(), List.of()), progress);
  }

  /**
   * As above; a schedule of several levels also leaves each level's network in
   * {@code model-level-<k>/} (k from 0, coarsest first), its levels in metrics.json, and the
   * training curves against run time as well as epochs.
   */
  static Map<String, Object> write(OutputFolder out, Config config, RunSettings settings, LoadedData data,
      NestedResult nested, Progress progress) {
    TrainingResult result = nested.result();
    Path outDir = out.local();
    try {
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
      boolean levels = nested.levels().size() > 1;
      if (levels) m.put("nested", nestedMetrics(nested));
      m.put("run_id", out.runId());
      m.put("config", config.effective());

      Map<String, Object> info = new LinkedHashMap<>(m);
      info.remove("config");
      info.put("config", config.explicit());
      // file: URIs, since a Hadoop configuration on the classpath may make another file system the default.
      ModelFiles.save(outDir.resolve("model").toUri().toString(), result.shape(), result.theta(), info, false, new Configuration());
      if (levels) {
        for (NestedResult.Level level : nested.levels()) {
          Map<String, Object> levelInfo = new LinkedHashMap<>();
          levelInfo.put("level", level.level());
          levelInfo.put("levels", nested.levels().size());
          levelInfo.put("layers", level.shape().depth());
          levelInfo.put("T", level.shape().finalTime());
          levelInfo.put("epochs", level.epochs());
          levelInfo.put("kept_epoch", level.keptEpoch());
          levelInfo.put("seconds", level.seconds());
          levelInfo.put("config", config.explicit());
          ModelFiles.save(outDir.resolve("model-level-" + level.level()).toUri().toString(), level.shape(), level.theta(),
              levelInfo, false, new Configuration());
        }
      }
      MetricsWriter writer = new MetricsWriter(outDir);
      writer.writeEpochs(result.history());
      writer.writeMetrics(m);
      Charts.trainingCurves(result.history(), outDir.resolve("training_curves.png"));
      if (levels) {
        Charts.trainingCurves(result.history(), Charts.TimeAxis.SECONDS, outDir.resolve("training_curves_time.png"));
      }
      out.publish();
      Map<String, Object> summary = new LinkedHashMap<>(m);
      summary.remove("config");
      progress.runFinished(summary);
      progress.message("results in " + out.target());
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("writing results to " + out.target() + ": " + e.getMessage(), e);
    }
  }

  /** Per level: depth, T, epochs, time, whether the threshold ended it; per refinement: loss and accuracy before and after. */
  private static Map<String, Object> nestedMetrics(NestedResult nested) {
    List<Map<String, Object>> levels = new ArrayList<>();
    for (NestedResult.Level l : nested.levels()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("level", l.level());
      e.put("layers", l.shape().depth());
      e.put("T", l.shape().finalTime());
      e.put("epochs", l.epochs());
      e.put("kept_epoch", l.keptEpoch());
      e.put("steps", l.steps());
      e.put("seconds", l.seconds());
      e.put("reached_threshold", l.reachedThreshold());
      levels.add(e);
    }
    List<Map<String, Object>> refinements = new ArrayList<>();
    for (NestedResult.Refinement r : nested.refinements()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("to_level", r.toLevel());
      e.put("from_layers", r.fromDepth());
      e.put("to_layers", r.toDepth());
      e.put("train_loss_before", r.lossBefore());
      e.put("train_loss_after", r.lossAfter());
      e.put("train_accuracy_before", r.accuracyBefore());
      e.put("train_accuracy_after", r.accuracyAfter());
      refinements.add(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("levels", levels);
    m.put("refinements", refinements);
    return m;
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
