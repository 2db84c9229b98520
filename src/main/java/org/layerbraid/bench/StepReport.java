package org.layerbraid.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerbraid.bench.StepBenchmark.Point;
import org.layerbraid.bench.StepBenchmark.Result;
import org.layerbraid.bench.StepCostModel.Coordination;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.Palette;
import org.layerbraid.report.Json;

/** The tables, JSON and chart of {@code bench step}. */
public final class StepReport {
  private StepReport() {}

  /** Depths the speed-up is predicted for. */
  public static final List<Integer> DEPTHS = List.of(256, 1024, 4096, 16384);

  /** Executors P = 1, 2, 4, … 1024. */
  public static final List<Integer> EXECUTORS = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024);

  public static String table(Result r) {
    StringBuilder s = new StringBuilder();
    StepBenchmark.Options o = r.options();
    StepCostModel m = r.model();
    f(s, "machine: %s%n%s%n%s before, %s after; %.0f s%n%n", r.machine().describe(), r.machine().describeBlas(),
        r.loadBefore(), r.loadAfter(), r.seconds());
    f(s, "One one-shot training step (forward solve %d cycles, adjoint solve %d, gradient) through depth %d (%d levels,"
        + " cfactor %s, nrelax %s, skip %s), width %d, batch %d, on %s (%d cores), %d layer partitions; medians of %d"
        + " rounds:%n%n", o.forwardIterations(), o.backwardIterations(), o.depth(), r.levels(),
        Arrays.toString(o.mgrit().cfactors()), Arrays.toString(o.mgrit().nrelax()), o.mgrit().skip(), o.width(), o.batch(),
        r.master(), r.cores(), o.partitions(), o.rounds());
    s.append("| engine | measured s (min–max) | model s | model ÷ measured | non-compute ms per iteration |\n"
        + "|---|---|---|---|---|\n");
    for (Point p : r.steps()) {
      Double ms = r.perIterationMs().get(p.name());
      f(s, "| %s | %.3f (%.3f–%.3f) | %.3f | %.2f | %s |%n", p.name(), p.measured().median(), p.measured().min(),
          p.measured().max(), p.predicted(), p.ratio(), ms == null ? "0 (reference)" : String.format(Locale.ROOT, "%.2f", ms));
    }
    StepBenchmark.VectorWork v = r.vectors();
    f(s, "%nModel inputs: MGRIT's forward step %.3f ms, adjoint step %.3f ms (each with its %.2f and %.2f sums of states"
        + " at %.3f ms), layer gradient %.3f ms; serial"
        + " propagation's layer (forward keeping σ', adjoint with the gradient) %.3f ms (one thread, full width and"
        + " batch); two busy cores each %.2fx slower than one alone (from two threads of plain compute).%n",
        1e3 * m.forwardStep(), 1e3 * m.adjointStep(), v.forwardSumsPerStep(), v.adjointSumsPerStep(),
        1e3 * v.sumSeconds(), 1e3 * m.gradientStep(), 1e3 * m.serialLayer(), r.slowdown());
    for (var e : r.engines().entrySet()) {
      Coordination c = e.getValue();
      f(s, "%s: %.2f ms + %.3f ms x tasks per iteration; %.1f ms + %.3f ms x depth per step (%.0f ms at depth %d)%n",
          e.getKey(), 1e3 * c.iterationSeconds(), 1e3 * c.iterationSecondsPerTask(), 1e3 * c.stepSeconds(),
          1e3 * c.stepSecondsPerLayer(), 1e3 * c.perStep(o.depth()), o.depth());
    }
    s.append("\nThe resident engine's time per MGRIT iteration beyond the in-JVM engine, tiny network, threads of one local"
        + " context (coordination, not compute):\n\n| tasks | measured ms (min–max) | model ms | model ÷ measured |\n"
        + "|---|---|---|---|\n");
    for (Point p : r.latencies()) {
      f(s, "| %s | %.2f (%.2f–%.2f) | %.2f | %.2f |%n", p.name().replace(" tasks", ""), 1e3 * p.measured().median(),
          1e3 * p.measured().min(), 1e3 * p.measured().max(), 1e3 * p.predicted(), p.ratio());
    }
    f(s, "%nLargest |model ÷ measured − 1|: %.3f%n", r.modelErrorMax());
    Coordination resident = r.engines().get(StepBenchmark.RESIDENT);
    speedups(s, "resident engine, weights in the tasks, as measured (what minibatch training with Adam or gradient"
        + " descent runs)", m, r.engines().get(StepBenchmark.RESIDENT_EPOCH));
    Coordination epochs = r.engines().get(StepBenchmark.RESIDENT_EPOCH);
    speedups(s, "the same, its latency per iteration held at the 2-task figure (the slope through 2 … 64 threads on this"
        + " machine's cores prices their contention, not a cluster's network)", m,
        new Coordination(epochs.perIteration(2), 0, epochs.stepSeconds(), epochs.stepSecondsPerLayer()));
    speedups(s, "resident engine, whole step in one stage, as measured (what L-BFGS and several data shards run)", m,
        r.engines().get(StepBenchmark.WHOLE_STEP));
    speedups(s, "resident engine solve by solve, as measured (states through the driver every step)", m, resident);
    speedups(s, "resident engine if a step cost nothing beyond its iterations", m, resident.withoutStepCost());
    speedups(s, "stage engine, as measured", m, r.engines().get(StepBenchmark.STAGES));
    return s.toString();
  }

  private static void speedups(StringBuilder s, String title, StepCostModel m, Coordination c) {
    f(s, "%nPredicted step speed-up over serial propagation, %s, P executors of one core each:%n%n| depth |", title);
    for (int p : EXECUTORS) f(s, " P=%d |", p);
    s.append("\n|---|").append("---|".repeat(EXECUTORS.size())).append('\n');
    for (int d : DEPTHS) {
      f(s, "| %d |", d);
      for (int p : EXECUTORS) f(s, " %.2f |", m.speedup(d, p, c));
      s.append('\n');
    }
  }

  /** Exactly the keys the issue asks for; the speed-ups are those of minibatch training's engine, the weights in the tasks. */
  public static byte[] json(Result r) {
    Map<String, Object> root = new LinkedHashMap<>();
    Coordination resident = r.engines().get(StepBenchmark.RESIDENT_EPOCH);
    Map<String, Object> byDepth = new LinkedHashMap<>();
    for (int d : DEPTHS) {
      Map<String, Object> byP = new LinkedHashMap<>();
      for (int p : EXECUTORS) byP.put(Integer.toString(p), r.model().speedup(d, p, resident));
      byDepth.put(Integer.toString(d), byP);
    }
    root.put("predicted_speedup", byDepth);
    root.put("model_error_max", r.modelErrorMax());
    root.put("overhead_ms_per_iteration", new LinkedHashMap<>(r.perIterationMs()));
    return Json.pretty(root);
  }

  /** Predicted speed-up against executors (log-x), one line per depth, with the weights in the tasks and as a whole step. */
  public static void chart(Result r, Path png) throws IOException {
    XYChart c = new XYChartBuilder().width(800).height(560)
        .title("Predicted one-shot training-step speed-up over serial propagation (resident engine)")
        .xAxisTitle("executors P (one core each)").yAxisTitle("speed-up (serial step / MGRIT step)").build();
    c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(LegendPosition.OutsideS)
        .setChartBackgroundColor(java.awt.Color.WHITE).setPlotBackgroundColor(java.awt.Color.WHITE);
    double[] x = EXECUTORS.stream().mapToDouble(Integer::doubleValue).toArray();
    Coordination resident = r.engines().get(StepBenchmark.RESIDENT_EPOCH), whole = r.engines().get(StepBenchmark.WHOLE_STEP);
    // One colour per depth: solid the weights in the tasks, dashed the whole step (weights out and gradient back each step).
    for (int i = 0; i < DEPTHS.size(); i++) {
      int d = DEPTHS.get(i);
      double[] measured = EXECUTORS.stream().mapToDouble(p -> r.model().speedup(d, p, resident)).toArray();
      double[] kept = EXECUTORS.stream().mapToDouble(p -> r.model().speedup(d, p, whole)).toArray();
      XYSeries solid = c.addSeries("depth " + d + ", weights in the tasks", x, measured);
      solid.setMarker(SeriesMarkers.CIRCLE);
      solid.setMarkerColor(Palette.color(i));
      solid.setLineColor(Palette.color(i));
      solid.setLineStyle(Palette.line(0));
      XYSeries dashed = c.addSeries("depth " + d + ", whole step", x, kept);
      dashed.setMarker(SeriesMarkers.NONE);
      dashed.setLineColor(Palette.color(i));
      dashed.setLineStyle(Palette.line(1));
    }
    XYSeries even = c.addSeries("break-even", new double[] {1, 1024}, new double[] {1, 1});
    even.setMarker(SeriesMarkers.NONE);
    even.setLineColor(java.awt.Color.GRAY);
    AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
  }

  private static void f(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args));
  }
}
