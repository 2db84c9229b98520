package org.layerbraid.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.layerbraid.model.ConfusionMatrix;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.Charts;
import org.layerbraid.report.MetricsWriter;

/**
 * What {@code evaluate} leaves behind: the report on the console and, published together through
 * {@link OutputFolder} so that they always come from the same evaluation, {@code evaluation.json},
 * {@code confusion_matrix.csv} (counts, rows = true class) and {@code confusion_matrix.png}.
 */
final class EvaluationOutputs {
  static final String JSON_FILE = "evaluation.json";
  static final String CSV_FILE = "confusion_matrix.csv";
  static final String PNG_FILE = "confusion_matrix.png";

  private EvaluationOutputs() {}

  /** @param gridAccuracy Peaks' whole-grid accuracy, absent for other data */
  static Map<String, Object> write(OutputFolder out, SavedModel model, String data, Split split, ConfusionMatrix m,
      OptionalDouble gridAccuracy, PrintStream console) {
    Map<String, Object> e = metrics(model, data, split, m, gridAccuracy);
    print(console, model, data, split, m, gridAccuracy);
    Path outDir = out.local();
    try {
      new MetricsWriter(outDir).writeJson(JSON_FILE, e);
      AtomicFiles.write(outDir.resolve(CSV_FILE), csv(m).getBytes(StandardCharsets.UTF_8));
      Charts.confusionMatrix(m.counts(), String.format("Confusion matrix: %s split, %d examples, accuracy %.2f %%",
          split.id(), m.total(), 100 * m.accuracy()), outDir.resolve(PNG_FILE));
    } catch (IOException ex) {
      throw new UncheckedIOException("writing the evaluation to " + out.target() + ": " + ex.getMessage(), ex);
    }
    out.publish();
    console.println("results in " + out.target());
    return e;
  }

  private static Map<String, Object> metrics(SavedModel model, String data, Split split, ConfusionMatrix m,
      OptionalDouble gridAccuracy) {
    NetworkShape s = model.model().shape();
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("model", model.path());
    e.put("features", s.inputDim());
    e.put("width", s.width());
    e.put("layers", s.depth());
    e.put("classes", s.numClasses());
    e.put("data", data);
    e.put("split", split.id());
    e.put("examples", m.total());
    e.put("correct", m.correct());
    e.put("accuracy", m.accuracy());
    e.put("loss", m.meanLoss());
    gridAccuracy.ifPresent(g -> e.put("grid_accuracy", g));
    e.put("confusion_matrix", m.counts());
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (int c = 0; c < m.numClasses(); c++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", c);
      row.put("support", m.support(c));
      row.put("predicted", m.predicted(c));
      row.put("correct", m.count(c, c));
      row.put("recall", m.recall(c));
      row.put("precision", m.precision(c));
      row.put("f1", m.f1(c));
      perClass.add(row);
    }
    e.put("per_class", perClass);
    return e;
  }

  /** Header {@code true_class,predicted_0,...}, then one row of counts per true class. */
  static String csv(ConfusionMatrix m) {
    StringBuilder s = new StringBuilder("true_class");
    for (int p = 0; p < m.numClasses(); p++) s.append(",predicted_").append(p);
    s.append('\n');
    for (int t = 0; t < m.numClasses(); t++) {
      s.append(t);
      for (int p = 0; p < m.numClasses(); p++) s.append(',').append(m.count(t, p));
      s.append('\n');
    }
    return s.toString();
  }

  private static void print(PrintStream out, SavedModel model, String data, Split split, ConfusionMatrix m,
      OptionalDouble gridAccuracy) {
    out.println("model " + model.describe());
    out.println("data  " + data);
    out.printf("%s split: %d examples, accuracy %.4f, loss %.4f%n", split.id(), m.total(), m.accuracy(), m.meanLoss());
    gridAccuracy.ifPresent(g -> out.printf("Peaks whole-grid accuracy: %.4f%n", g));
    int w = Math.max(6, Long.toString(m.total()).length() + 1);
    out.println();
    out.println("confusion matrix (rows: true class, columns: predicted class)");
    StringBuilder head = new StringBuilder(String.format("%10s", "true\\pred"));
    for (int p = 0; p < m.numClasses(); p++) head.append(String.format("%" + w + "d", p));
    out.println(head);
    for (int t = 0; t < m.numClasses(); t++) {
      StringBuilder row = new StringBuilder(String.format("%10d", t));
      for (int p = 0; p < m.numClasses(); p++) row.append(String.format("%" + w + "d", m.count(t, p)));
      out.println(row);
    }
    out.println();
    out.println("per class (recall = the class's accuracy)");
    out.printf("%6s %9s %9s %8s %9s %8s%n", "class", "support", "predicted", "recall", "precision", "f1");
    for (int c = 0; c < m.numClasses(); c++) {
      out.printf("%6d %9d %9d %8s %9s %8s%n", c, m.support(c), m.predicted(c), rate(m.recall(c)),
          rate(m.precision(c)), rate(m.f1(c)));
    }
  }

  /** A rate to four places; "-" where it is undefined (a class without examples or predictions). */
  private static String rate(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.4f", v);
  }
}
