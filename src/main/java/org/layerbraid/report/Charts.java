package org.layerbraid.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG charts of runs and studies. Every chart has a title, axis titles and a legend, is
 * drawn without a display (headless) and replaces its file atomically; the {@code …Png}
 * variants return the PNG bytes instead, for notebooks that show images inline. Accuracies are
 * given as fractions and drawn as percentages.
 */
public final class Charts {
  private Charts() {}

  /** What the training curves are drawn against. */
  public enum TimeAxis {
    /** Epochs counted across all levels, so that levels follow one another. */
    EPOCH,
    /** Wall time since the run started: what nested iteration is meant to save. */
    SECONDS
  }

  /** {@link #trainingCurves(List, TimeAxis, Path)} against epochs. */
  public static void trainingCurves(List<EpochRecord> records, Path png) throws IOException {
    trainingCurves(records, TimeAxis.EPOCH, png);
  }

  /**
   * Two panels side by side: training and validation loss (log scale) and training and
   * validation accuracy. Where the nested-iteration level changes a dashed vertical line is
   * drawn, and the accuracy panel names each level's depth.
   *
   * @throws IllegalArgumentException when {@code records} is empty
   */
  public static void trainingCurves(List<EpochRecord> records, TimeAxis axis, Path png)
      throws IOException {
    if (records.isEmpty()) throw new IllegalArgumentException("no epochs to plot");
    int n = records.size();
    double[] x = new double[n];
    double[] trainLoss = new double[n];
    double[] valLoss = new double[n];
    double[] trainAcc = new double[n];
    double[] valAcc = new double[n];
    for (int i = 0; i < n; i++) {
      EpochRecord r = records.get(i);
      x[i] = axis == TimeAxis.EPOCH ? i + 1 : r.elapsedSeconds();
      trainLoss[i] = r.trainLoss();
      valLoss[i] = r.validationLoss();
      trainAcc[i] = r.trainAccuracy();
      valAcc[i] = r.validationAccuracy();
    }
    String xTitle = axis == TimeAxis.EPOCH ? "epoch (all levels)" : "elapsed time (s)";

    XYChart loss = xyChart("Loss", xTitle, "cross-entropy loss (log scale)", 2);
    double[][] trainLossXy = logPlottable(x, trainLoss);
    double[][] valLossXy = logPlottable(x, valLoss);
    addLine(loss, "training", trainLossXy);
    addLine(loss, "validation", valLossXy);
    logScaleByDecades(loss, trainLossXy[1], valLossXy[1]);

    XYChart acc = xyChart("Accuracy", xTitle, "accuracy (%)", 2);
    if (axis == TimeAxis.EPOCH) {
      loss.getStyler().setXAxisDecimalPattern("0");
      acc.getStyler().setXAxisDecimalPattern("0");
    }
    acc.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    addLine(acc, "training", finite(x, percent(trainAcc)));
    addLine(acc, "validation", finite(x, percent(valAcc)));

    markLevels(records, x, loss, acc);
    roundXTicks(loss, x[0], trainLossXy[1]);
    roundXTicks(acc, x[0], percent(trainAcc));
    ChartStyle.writePngRow(List.of(loss, acc), png);
  }

  /** {@link #residualHistoriesPng(Map)} written to {@code png}. */
  public static void residualHistories(Map<String, double[]> histories, Path png)
      throws IOException {
    AtomicFiles.write(png, residualHistoriesPng(histories));
  }

  /**
   * MGRIT residual norm against iteration, log scale, one series per entry (e.g. "N=64"), as PNG
   * bytes. Element {@code k} of a history is drawn at iteration {@code k}; zeros (a solve that
   * became exact) cannot be drawn on a log scale and are left out.
   */
  public static byte[] residualHistoriesPng(Map<String, double[]> histories) throws IOException {
    requireSeries(histories);
    XYChart chart = xyChart("MGRIT convergence", "iteration", "residual norm (log scale)",
        histories.size());
    chart.getStyler().setXAxisDecimalPattern("0");
    List<double[]> drawn = new ArrayList<>();
    for (Map.Entry<String, double[]> e : histories.entrySet()) {
      double[] r = e.getValue();
      double[] it = new double[r.length];
      for (int k = 0; k < r.length; k++) it[k] = k;
      double[][] xy = logPlottable(it, r);
      XYSeries s = addLine(chart, e.getKey(), xy);
      if (s != null) s.setMarker(SeriesMarkers.CIRCLE);
      drawn.add(xy[1]);
    }
    logScaleByDecades(chart, drawn.toArray(new double[0][]));
    // XChart mixes "0.001" and "1E-4" on log axes; residuals read best all in one form.
    chart.getStyler().setYAxisDecimalPattern("0E0");
    return ChartStyle.png(chart);
  }

  /**
   * Accuracy against run time: {@code group → run → {seconds[], accuracy[]}}, accuracy as
   * fractions. A group (e.g. nested iteration's runs over seeds) has one colour, and each of its
   * runs its own dash pattern and legend entry, so that no two runs look alike.
   *
   * @param accuracy which accuracy on which data, for title and axis, e.g. "Peaks grid accuracy"
   */
  public static void accuracyVsTime(Map<String, Map<String, double[][]>> groups, String accuracy, Path png)
      throws IOException {
    requireSeries(groups);
    XYChart chart = xyChart(accuracy + " vs run time", "run time (s)", accuracy + " (%)", groups.size());
    // Beside the plot: one legend line per run would push a legend below it off the picture.
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    double lowest = 100;
    int g = 0;
    for (Map.Entry<String, Map<String, double[][]>> e : groups.entrySet()) {
      int r = 0;
      for (Map.Entry<String, double[][]> run : e.getValue().entrySet()) {
        double[][] c = run.getValue();
        if (c.length != 2 || c[0].length != c[1].length) {
          throw new IllegalArgumentException("run '" + run.getKey() + "' of '" + e.getKey()
              + "' must be {seconds[], accuracy[]} of equal lengths");
        }
        double[][] xy = finite(c[0], percent(c[1]));
        for (double y : xy[1]) lowest = Math.min(lowest, y);
        XYSeries s = addLine(chart, e.getKey() + ", " + run.getKey(), xy);
        if (s == null) continue;
        s.setLineColor(Palette.color(g));
        s.setLineStyle(Palette.line(r++));
      }
      g++;
    }
    // From the ten below the lowest point: runs that end within a few points of each other stay apart.
    chart.getStyler().setYAxisMin(Math.max(0, 10 * Math.floor(lowest / 10))).setYAxisMax(100.0);
    ChartStyle.writePng(chart, png);
  }

  /**
   * Speed-up (how many times faster) against an accuracy threshold: {@code line → {threshold[],
   * speed-up[]}}, thresholds as fractions; points that are not finite (no run got there) are left
   * out. A horizontal line at 1 marks "as fast".
   *
   * @param accuracy which accuracy the thresholds are on, e.g. "validation accuracy"
   */
  public static void speedupVsThreshold(Map<String, double[][]> lines, String accuracy, String ratio, Path png)
      throws IOException {
    requireSeries(lines);
    XYChart chart = xyChart("Speed-up (" + ratio + ") vs threshold", accuracy + " threshold (%)",
        "speed-up (" + ratio + ")", lines.size());
    int g = 0;
    double highest = 0;
    for (Map.Entry<String, double[][]> e : lines.entrySet()) {
      double[][] xy = finite(percent(e.getValue()[0]), e.getValue()[1]);
      XYSeries s = addLine(chart, e.getKey(), xy);
      if (s == null) continue;
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineColor(Palette.color(g));
      s.setLineStyle(Palette.line(g++)); // lines that coincide stay visible
      for (double y : xy[1]) highest = Math.max(highest, y);
    }
    // From 0 and past 1 whatever the data: which side of "as fast" a point lies is the first thing read.
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(Math.max(1.2, 1.05 * highest));
    chart.addAnnotation(new AnnotationLine(1, false, false));
    ChartStyle.writePng(chart, png);
  }

  /**
   * One box per entry (median, quartiles, whiskers) of accuracies (fractions, drawn as % like the
   * line charts) over seeds and hyperparameters; {@code accuracy} says which, e.g. "validation accuracy".
   */
  public static void boxPlot(Map<String, double[]> samples, String accuracy, Path png)
      throws IOException {
    requireSeries(samples);
    BoxChart chart = new BoxChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(accuracy + " by configuration").xAxisTitle("configuration").yAxisTitle(accuracy + " (%)")
        .build();
    ChartStyle.apply(chart.getStyler(), samples.size());
    for (Map.Entry<String, double[]> e : samples.entrySet()) {
      double[] v = e.getValue();
      if (v.length == 0) {
        throw new IllegalArgumentException("sample '" + e.getKey() + "' is empty");
      }
      chart.addSeries(e.getKey(), percent(v));
    }
    ChartStyle.writePng(chart, png);
  }

  private static double[] percent(double[] fractions) {
    double[] p = new double[fractions.length];
    for (int i = 0; i < p.length; i++) p[i] = 100 * fractions[i];
    return p;
  }

  /** {@link #decisionMap(int, int, int[], int, double, double, double, double, LabelledPoints,
   * Path)} without points on top. */
  public static void decisionMap(int nx, int ny, int[] predictedClass, int numClasses,
      double xmin, double xmax, double ymin, double ymax, Path png) throws IOException {
    decisionMap(nx, ny, predictedClass, numClasses, xmin, xmax, ymin, ymax, null, png);
  }

  /** {@link #decisionMapPng} written to {@code png}. */
  public static void decisionMap(int nx, int ny, int[] predictedClass, int numClasses,
      double xmin, double xmax, double ymin, double ymax, LabelledPoints points, Path png)
      throws IOException {
    AtomicFiles.write(png, decisionMapPng(nx, ny, predictedClass, numClasses, xmin, xmax, ymin,
        ymax, points));
  }

  /**
   * The predicted class over a grid as a class-coloured map, e.g. for Peaks, as PNG bytes.
   * {@code predictedClass[j * nx + i]} is the prediction at {@code x_i} (i along x) and
   * {@code y_j} (j along y, drawn upwards), grid points spaced evenly from min to max.
   *
   * @param points labelled points to draw on top (e.g. training examples), or null
   */
  public static byte[] decisionMapPng(int nx, int ny, int[] predictedClass, int numClasses,
      double xmin, double xmax, double ymin, double ymax, LabelledPoints points)
      throws IOException {
    return new DecisionMapImage(nx, ny, predictedClass, numClasses,
        new double[] {xmin, xmax, ymin, ymax}, points).png();
  }

  /**
   * A confusion matrix ({@code counts[true][predicted]}) as a heat map: true classes down the side,
   * predicted along the bottom, every cell showing its share of the true class in percent.
   */
  public static void confusionMatrix(long[][] counts, String title, Path png) throws IOException {
    ConfusionChart.write(counts, title, png);
  }

  private static XYChart xyChart(String title, String xTitle, String yTitle, int series) {
    XYChart c = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ChartStyle.apply(c.getStyler(), series);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    return c;
  }

  /** Adds a line without markers; a series with no drawable point is skipped (returns null). */
  private static XYSeries addLine(XYChart chart, String name, double[][] xy) {
    if (xy[0].length == 0) return null;
    XYSeries s = chart.addSeries(name, xy[0], xy[1]);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  /**
   * Log y axis from the power of ten below the data to the one above: XChart labels only
   * powers of ten, so a range inside one decade would otherwise show a single label.
   */
  private static void logScaleByDecades(XYChart chart, double[]... ys) {
    chart.getStyler().setYAxisLogarithmic(true);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] y : ys) {
      for (double v : y) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo > hi) return; // nothing drawn
    double bottom = Math.pow(10, Math.floor(Math.log10(lo)));
    double top = Math.pow(10, Math.ceil(Math.log10(hi)));
    chart.getStyler().setYAxisMin(bottom).setYAxisMax(top > bottom ? top : bottom * 10);
  }

  /** The points a log axis can show: XChart rejects y <= 0, and NaN means "not measured". */
  private static double[][] logPlottable(double[] x, double[] y) {
    return keep(x, y, true);
  }

  private static double[][] finite(double[] x, double[] y) {
    return keep(x, y, false);
  }

  private static double[][] keep(double[] x, double[] y, boolean positiveOnly) {
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0)) {
        kept.add(new double[] {x[i], y[i]});
      }
    }
    double[][] out = new double[2][kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      out[0][i] = kept.get(i)[0];
      out[1][i] = kept.get(i)[1];
    }
    return out;
  }

  /**
   * Dashed lines where a level begins (at the end of the previous level's last epoch) and each
   * level's depth in the accuracy panel, low down where accuracy curves rarely are.
   */
  private static void markLevels(List<EpochRecord> records, double[] x, XYChart... panels) {
    int start = 0;
    for (int i = 1; i <= records.size(); i++) {
      boolean boundary = i == records.size() || records.get(i).level() != records.get(i - 1).level();
      if (!boundary) continue;
      double from = start == 0 ? x[0] : x[start - 1];
      String label = "N=" + records.get(start).depth();
      panels[panels.length - 1].addAnnotation(new AnnotationText(label, (from + x[i - 1]) / 2,
          6, false));
      if (i < records.size()) {
        for (XYChart p : panels) p.addAnnotation(new AnnotationLine(x[i - 1], true, false));
      }
      start = i;
    }
  }

  /**
   * Ticks at round values (0, 200, 400, …) with room between their labels. On equally spaced x
   * values (epochs) XChart puts its ticks on the data values themselves and packs them until the
   * labels touch: 1, 61, 121, … read "1021108111141" at 1,200 epochs. One hidden point half a
   * step before the first breaks the equal spacing, and XChart chooses round ticks as it does for
   * any other data.
   */
  private static void roundXTicks(XYChart chart, double firstX, double[] ys) {
    double y = Double.NaN;
    for (double v : ys) {
      if (Double.isFinite(v) && v > 0) {
        y = v;
        break;
      }
    }
    if (Double.isNaN(y)) return;
    XYSeries hidden = chart.addSeries(" ", new double[] {firstX - 0.5}, new double[] {y});
    hidden.setMarker(SeriesMarkers.NONE);
    hidden.setShowInLegend(false);
  }

  private static void requireSeries(Map<String, ?> m) {
    if (m.isEmpty()) throw new IllegalArgumentException("nothing to plot: no series given");
  }
}
