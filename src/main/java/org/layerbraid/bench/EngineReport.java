package org.layerbraid.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerbraid.bench.EngineBenchmark.Result;
import org.layerbraid.bench.EngineBenchmark.StageCost;
import org.layerbraid.bench.EngineBenchmark.Timing;
import org.layerbraid.report.AtomicFiles;

/** The tables of {@link EngineBenchmark} and the speed-up chart of its cost model. */
public final class EngineReport {
  private EngineReport() {}

  public static String table(Result r) {
    EngineBenchmark.Options o = r.options();
    StringBuilder s = new StringBuilder();
    f(s, "layerbraid bench engine: one forward MGRIT solve, %d iterations (tolerance 0, skip), FCF=%s, cfactor %d, tanh%n",
        o.iterations(), o.nrelax() == 1 ? "yes" : "nrelax " + o.nrelax(), o.cfactor());
    f(s, "network: width %d, batch %d, depth %d (%d levels); float64; medians ±half IQR of %d rounds%n", o.width(),
        o.batch(), o.depth(), r.levels(), o.repeats());
    s.append("machine: ").append(r.machine().describe()).append('\n');
    s.append(r.machine().describeBlas()).append('\n');
    f(s, "load: before %s; after %s; whole run %.1f s%n%n", r.loadBefore(), r.loadAfter(), r.totalSeconds());

    Timing serial = r.timings().get(0), jvm = r.timings().get(1);
    s.append("| solver | cores | layer partitions | seconds | time / serial | process CPU s | stages (run) | layer-steps | max rel. diff vs in-JVM |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Timing t : r.timings()) {
      f(s, "| %s | %s | %s | %s | %.2f | %s | %s | %d | %s |%n", t.name(), t.onSpark() ? "local[" + t.cores() + "]" : "1",
          t.onSpark() ? String.valueOf(t.partitions()) : "-", t.seconds().format("%.3f"),
          t.seconds().median() / serial.seconds().median(),
          t.cpuSeconds().median() > 0 ? t.cpuSeconds().format("%.3f") : "0", // below the clock's resolution
          t.stages() == 0 ? "-" : t.stages() + " (" + t.stagesRun() + ")", t.steps(),
          Double.isNaN(t.maxRelDiff()) ? "-" : String.format(Locale.ROOT, "%.1e", t.maxRelDiff()));
    }
    s.append('\n');
    for (int parts : o.partitions()) {
      Timing one = find(r, 1, parts), two = find(r, 2, parts);
      if (one != null && two != null) {
        double ratio = one.seconds().median() / two.seconds().median();
        f(s, "%d partitions: local[2] is %.2f× faster than local[1] (target >= 1.7: %s); two serial propagations ran %s× "
            + "faster on two threads than in sequence (what two cores gave then)%n", parts, ratio, ratio >= 1.7 ? "met" : "NOT met",
            r.twoThreads().format("%.2f"));
      }
      if (one != null) {
        double ratio = one.seconds().median() / jvm.seconds().median();
        f(s, "%d partitions: local[1] is %.2f× the in-JVM engine's time (target <= 1.3: %s)", parts, ratio,
            ratio <= 1.3 ? "met" : "NOT met");
        if (jvm.cpuSeconds().median() > 0) f(s, "; %.2f× its process CPU time", one.cpuSeconds().median() / jvm.cpuSeconds().median());
        s.append('\n');
      }
    }
    Timing residentOne = find(r, EngineBenchmark.RESIDENT_ENGINE, 1, 1), residentTwo = find(r, EngineBenchmark.RESIDENT_ENGINE, 2, 2);
    if (residentOne != null && residentTwo != null) {
      double ratio = residentOne.seconds().median() / residentTwo.seconds().median();
      f(s, "resident engine: local[2] (2 tasks) is %.2f× faster than local[1] (1 task) (target >= 1.7: %s); two serial"
          + " propagations ran %s× faster on two threads than in sequence%n", ratio, ratio >= 1.7 ? "met" : "NOT met",
          r.twoThreads().format("%.2f"));
    }
    if (!r.residentScaling().isEmpty()) {
      s.append("\nresident engine in one local[2] context, paired rounds (2 tasks ÷ 1 task; two threads of plain compute):");
      long met = r.residentScaling().stream().filter(x -> x[0] >= 1.7).count();
      for (double[] x : r.residentScaling()) f(s, " %.2f× (%.2f×);", x[0], x[1]);
      f(s, "%n  >= 1.7× in %d of %d paired rounds%n", met, r.residentScaling().size());
    }
    f(s, "in-JVM engine steps %d = %.2f serial sweeps (N); cost model's count for this solve: %.0f%n", jvm.steps(),
        (double) jvm.steps() / o.depth(), r.model().stepsOfSolve(o.depth(), o.iterations(), 1)[1]);

    s.append("\nSpark's cost per stage, tiny network (width 1, batch 1: compute negligible), solves of k and k+1 iterations:\n");
    s.append("| cores | partitions | depth | levels | stages/iteration (run) | Spark s | in-JVM s | stages run | ms per stage run |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (StageCost c : r.stageCosts()) {
      f(s, "| local[%d] | %d | %d | %d | %.0f (%.0f) | %s | %s | %d | %.1f |%n", c.cores(), c.partitions(), c.depth(),
          c.levels(), c.stagesPerIteration(), c.stagesRunPerIteration(), c.sparkSeconds().format("%.3f"),
          c.inJvmSeconds().format("%.4f"), c.stagesRun(), 1e3 * c.secondsPerStage());
    }
    for (Timing t : r.timings()) {
      if (!t.name().startsWith("Spark") || t.stagesRun() <= 0) continue;
      f(s, "full-size network, local[%d], %d partitions: (Spark − in-JVM) / stages run = %.1f ms per stage%n", t.cores(),
          t.partitions(), 1e3 * (t.seconds().median() - jvm.seconds().median()) / t.stagesRun());
    }

    EngineCostModel m = r.model();
    f(s, "%ncost model: step %.3g ms (serial / N), stage %.1f ms, stages run = iterations·(%.1f + %.1f·(levels − 1)) %+.0f per solve;%n",
        1e3 * m.stepSeconds(), 1e3 * m.stageSeconds(), m.stagesFixed(), m.stagesPerLevel(), m.stagesPerSolve());
    s.append("a level of n intervals uses min(P, n/cfactor) executors, the coarsest level is solved serially on the driver;\n");
    s.append("serial reference = forward propagation only, N steps (no backward pass on either side).\n");
    s.append("\ncheck against the measured points (this solve, " + o.iterations() + " iterations):\n");
    s.append("| cores | partitions | measured s | predicted s | predicted / measured |\n|---|---|---|---|---|\n");
    for (Timing t : r.timings()) {
      if (!t.name().startsWith("Spark")) continue;
      int p = Math.min(t.cores(), t.partitions());
      double pred = m.solveSeconds(o.depth(), o.iterations(), p);
      f(s, "| local[%d] | %d | %.3f | %.3f | %.2f |%n", t.cores(), t.partitions(), t.seconds().median(), pred,
          pred / t.seconds().median());
    }
    f(s, "%npredicted speed-up over serial forward propagation, %d MGRIT iterations (as to 1e-9 in `mgrit depth`):%n",
        o.modelIterations());
    speedups(s, m, o);
    crossovers(s, m, o);
    // The same model with the stage cost Spark paid at full size: (Spark − in-JVM) / stages run on the most cores.
    Timing widest = null;
    for (Timing t : r.timings()) {
      if (t.name().startsWith("Spark") && t.stagesRun() > 0 && (widest == null || t.cores() > widest.cores())) widest = t;
    }
    if (widest != null) {
      double perStage = (widest.seconds().median() - jvm.seconds().median()) / widest.stagesRun();
      if (perStage > 0) {
        EngineCostModel full = new EngineCostModel(m.stepSeconds(), perStage, m.stagesFixed(), m.stagesPerLevel(),
            m.stagesPerSolve(), m.cfactor(), m.nrelax());
        f(s, "%nthe same with the stage cost paid at full size (local[%d]: %.1f ms per stage run; data-dependent, "
            + "pessimistic at large P):%n", widest.cores(), 1e3 * perStage);
        speedups(s, full, o);
        crossovers(s, full, o);
      }
    }
    f(s, "  (with zero stage overhead the bound is the work ratio alone: P=%d at N=%d gives %.2f)%n",
        o.modelExecutors().get(o.modelExecutors().size() - 1), o.modelDepths().get(o.modelDepths().size() - 1),
        new EngineCostModel(m.stepSeconds(), 0, m.stagesFixed(), m.stagesPerLevel(), m.stagesPerSolve(), m.cfactor(), m.nrelax())
            .speedup(o.modelDepths().get(o.modelDepths().size() - 1), o.modelIterations(),
                o.modelExecutors().get(o.modelExecutors().size() - 1)));
    return s.toString();
  }

  private static void speedups(StringBuilder s, EngineCostModel m, EngineBenchmark.Options o) {
    s.append("| depth |");
    for (int p : o.modelExecutors()) f(s, " P=%d |", p);
    s.append("\n|---|");
    for (int ignored : o.modelExecutors()) s.append("---|");
    s.append('\n');
    for (int n : o.modelDepths()) {
      f(s, "| %d |", n);
      for (int p : o.modelExecutors()) f(s, " %.2f |", m.speedup(n, o.modelIterations(), p));
      s.append('\n');
    }
  }

  private static void crossovers(StringBuilder s, EngineCostModel m, EngineBenchmark.Options o) {
    s.append("crossover depth (smallest N at which the layer-parallel solve beats serial):\n");
    for (int p : o.modelExecutors()) {
      int c = m.crossoverDepth(o.modelIterations(), p, 1 << 24);
      f(s, "  P=%d: %s%n", p, c < 0 ? "none up to 2^24 layers" : "N ≈ " + c);
    }
  }

  private static Timing find(Result r, int cores, int parts) {
    return find(r, EngineBenchmark.STAGE_ENGINE, cores, parts);
  }

  private static Timing find(Result r, String engine, int cores, int parts) {
    for (Timing t : r.timings()) {
      if (t.name().equals(engine) && t.cores() == cores && t.partitions() == parts) return t;
    }
    return null;
  }

  /** Predicted speed-up against depth (log-log), one line per executor count, measured points marked. */
  public static void chart(Result r, Path png) throws IOException {
    EngineBenchmark.Options o = r.options();
    EngineCostModel m = r.model();
    XYChart c = new XYChartBuilder().width(800).height(560)
        .title("Predicted speed-up of a forward MGRIT solve over serial propagation")
        .xAxisTitle("depth N (layers)").yAxisTitle("speed-up (serial time / MGRIT time)").build();
    c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(LegendPosition.OutsideS)
        .setChartBackgroundColor(java.awt.Color.WHITE).setPlotBackgroundColor(java.awt.Color.WHITE);
    int points = 40;
    double lo = Math.log(64), hi = Math.log(1 << 20);
    List<Integer> ps = new java.util.ArrayList<>(o.modelExecutors());
    if (!ps.contains(2)) ps.add(0, 2);
    for (int p : ps) {
      double[] x = new double[points], y = new double[points];
      for (int i = 0; i < points; i++) {
        int n = (int) Math.round(Math.exp(lo + (hi - lo) * i / (points - 1)) / o.cfactor()) * o.cfactor();
        x[i] = n;
        y[i] = m.speedup(n, o.modelIterations(), p);
      }
      XYSeries s = c.addSeries("P = " + p + " (" + o.modelIterations() + " iterations)", x, y);
      s.setMarker(SeriesMarkers.NONE);
    }
    int pMax = o.modelExecutors().get(o.modelExecutors().size() - 1);
    EngineCostModel free = new EngineCostModel(m.stepSeconds(), 0, m.stagesFixed(), m.stagesPerLevel(),
        m.stagesPerSolve(), m.cfactor(), m.nrelax());
    double[] fx = new double[points], fy = new double[points];
    for (int i = 0; i < points; i++) {
      int n = (int) Math.round(Math.exp(lo + (hi - lo) * i / (points - 1)) / o.cfactor()) * o.cfactor();
      fx[i] = n;
      fy[i] = free.speedup(n, o.modelIterations(), pMax);
    }
    c.addSeries("P = " + pMax + " without stage overhead (work bound)", fx, fy).setMarker(SeriesMarkers.NONE)
        .setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
            new float[] {2f, 3f}, 0f));
    c.addSeries("break-even", new double[] {64, 1 << 20}, new double[] {1, 1}).setMarker(SeriesMarkers.NONE)
        .setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
    Timing serial = r.timings().get(0);
    for (Timing t : r.timings()) {
      if (!t.name().startsWith("Spark")) continue;
      // measured: serial forward / measured solve of o.iterations() iterations, scaled to modelIterations
      double scale = m.solveSeconds(o.depth(), o.iterations(), Math.min(t.cores(), t.partitions()))
          / m.solveSeconds(o.depth(), o.modelIterations(), Math.min(t.cores(), t.partitions()));
      double y = serial.seconds().median() / t.seconds().median() * scale;
      XYSeries s = c.addSeries(String.format(Locale.ROOT, "measured local[%d], %d partitions (scaled to %d it.)",
          t.cores(), t.partitions(), o.modelIterations()), new double[] {o.depth()}, new double[] {y});
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
  }

  private static void f(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args));
  }
}
