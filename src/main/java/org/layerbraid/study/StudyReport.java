package org.layerbraid.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.Charts;
import org.layerbraid.study.StudySettings.Arm;

/**
 * Writes a study's results: {@code runs.csv} (one row per run with its readings),
 * {@code curves.csv} (every measurement), {@code summary.md} (medians, speed-ups, spreads and their ratios, MGRIT
 * iterations per level) and the pictures {@code accuracy_vs_time.png} and the box plots
 * {@code box_target.png} / {@code box_validation.png}. Every file is written atomically.
 */
public final class StudyReport {
  /** The confidence level of the spread ratios' intervals, and the resampling's seed (the report is reproducible). */
  private static final double RATIO_LEVEL = 0.9;
  private static final long RATIO_SEED = 1;

  private final StudySettings study;
  private final List<StudyRow> rows;
  private final String targetName;
  private final FairReport fair;

  /** {@code runs}: every run, of every tuning-grid setting; all but the {@link TuningPick picked} ones are only in the sweep. */
  public StudyReport(StudySettings study, List<StudyRun> runs, String targetName) {
    this.study = study;
    this.targetName = targetName;
    this.fair = new FairReport(study, runs, targetName);
    List<StudyRow> r = new ArrayList<>();
    List<StudyRun> picked = TuningPick.picked(runs);
    for (StudyRun run : picked) {
      StudyRun nested = StudyRow.nestedOf(run, picked);
      r.add(StudyRow.of(run, nested, study.stepBudget(nested.steps()), study.target()));
    }
    this.rows = List.copyOf(r);
  }

  public List<StudyRow> rows() { return rows; }

  public void write(Path dir, String setup) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve("runs.csv"), runsCsv().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(dir.resolve("curves.csv"), curvesCsv().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(dir.resolve("summary.md"), summary(setup).getBytes(StandardCharsets.UTF_8));
    fair.write(dir);
    Charts.accuracyVsTime(baseCurves(), targetName + " accuracy", dir.resolve("accuracy_vs_time.png"));
    Charts.boxPlot(samples(p -> p.accuracy()), targetName + " accuracy", dir.resolve("box_target.png"));
    Map<String, double[]> validation = samples(p -> p.validationAccuracy());
    if (validation.values().stream().flatMapToDouble(Arrays::stream).anyMatch(Double::isFinite)) {
      Charts.boxPlot(validation, "validation accuracy", dir.resolve("box_validation.png"));
    }
  }

  String runsCsv() {
    StringBuilder s = new StringBuilder("arm,case,setting,seed,shared_with,seconds,steps,seconds_to_target,depth_at_target,"
        + "seconds_to_target_final_depth,steps_to_target,work_to_target,end_target,end_validation,equal_cost_target,"
        + "equal_cost_validation,equal_time_target,equal_time_validation,equal_time_reached,depths,mgrit_forward_iterations,"
        + "mgrit_backward_iterations\n");
    for (StudyRow r : rows) {
      StudyRun run = r.run();
      s.append(String.join(",", run.arm().id(), Csv.quote(run.caseName()), Csv.quote(run.setting()),
          Long.toString(run.seed()), Csv.quote(run.sharedWith()), Csv.num(run.seconds()), Long.toString(run.steps()), Csv.num(r.secondsToTarget()),
          depth(run.curve().depthAt(study.target())), Csv.num(r.secondsToFinalDepthTarget()), Long.toString(r.stepsToTarget()),
          Csv.num(r.workToTarget()), Csv.num(r.end().accuracy()), Csv.num(r.end().validationAccuracy()),
          Csv.num(r.equalCost() == null ? Double.NaN : r.equalCost().accuracy()),
          Csv.num(r.equalCost() == null ? Double.NaN : r.equalCost().validationAccuracy()), Csv.num(r.equalTime().accuracy()),
          Csv.num(r.equalTime().validationAccuracy()), Boolean.toString(r.equalTimeReached()), Csv.list(run.depths()),
          Csv.list(run.forwardIterations()), Csv.list(run.backwardIterations()))).append('\n');
    }
    return s.toString();
  }

  String curvesCsv() {
    StringBuilder s = new StringBuilder("arm,case,seed,seconds,steps,layer_steps,depth,target_accuracy,validation_accuracy\n");
    for (StudyRow r : rows) {
      if (!r.run().sharedWith().isEmpty()) continue; // the curve is listed under the case it was run for
      for (Curve.Point p : r.run().curve().points()) {
        s.append(String.join(",", r.run().arm().id(), Csv.quote(r.run().caseName()), Long.toString(r.run().seed()),
            Csv.num(p.seconds()), Long.toString(p.steps()), p.layerSteps() < 0 ? "" : Long.toString(p.layerSteps()),
            depth(p.depth()), Csv.num(p.accuracy()), Csv.num(p.validationAccuracy()))).append('\n');
      }
    }
    return s.toString();
  }

  /** The readings compared: nested at its end, random at equal cost and at equal time, MLlib at equal time. */
  private Map<String, List<Curve.Point>> readings() {
    Map<String, List<Curve.Point>> m = new LinkedHashMap<>();
    for (StudyRow r : rows) {
      switch (r.run().arm()) {
        case NESTED -> m.computeIfAbsent("nested", k -> new ArrayList<>()).add(r.end());
        case RANDOM -> {
          m.computeIfAbsent("random, equal cost", k -> new ArrayList<>()).add(r.equalCost());
          m.computeIfAbsent("random, equal time", k -> new ArrayList<>()).add(r.equalTime());
        }
        case MLLIB -> m.computeIfAbsent("MLlib MLP, equal time", k -> new ArrayList<>()).add(r.equalTime());
      }
    }
    return m;
  }

  private Map<String, double[]> samples(ToDoubleFunction<Curve.Point> value) {
    Map<String, double[]> m = new LinkedHashMap<>();
    readings().forEach((k, v) -> m.put(k, v.stream().mapToDouble(value).toArray()));
    return m;
  }

  /** Every run of the base case, one line each, coloured by arm. */
  private Map<String, Map<String, double[][]>> baseCurves() {
    Map<String, Map<String, double[][]>> m = new LinkedHashMap<>();
    for (StudyRow r : rows) {
      if (!r.run().caseName().equals(StudySettings.SweepCase.BASE)) continue;
      m.computeIfAbsent(r.run().arm().id(), k -> new LinkedHashMap<>())
          .put("seed " + r.run().seed(), r.run().curve().secondsAndAccuracy());
    }
    return m;
  }

  String summary(String setup) {
    StringBuilder s = new StringBuilder("# Nested-iteration study\n\n").append(setup).append("\n\n");
    s.append(String.format(Locale.ROOT, "Target: %.1f %% on the %s set. Seeds: %s. Sweep cases: %d. Random start:"
        + " %.2f× nested iteration's optimisation steps, and at least its wall time.%n%n", 100 * study.target(),
        targetName, Arrays.toString(study.seeds()), study.cases().size(), study.randomStepFactor()));
    if (study.arms().contains(Arm.RANDOM)) s.append(fair.section());
    s.append("## The picked settings by sweep case\n\n");
    for (StudySettings.SweepCase c : study.cases()) caseTable(s, c.name());
    s.append("## Spread over seeds and sweep cases\n\n");
    s.append("| reading | n | mean | median | std | min | max |\n|---|---|---|---|---|---|---|\n");
    for (var e : samples(p -> p.accuracy()).entrySet()) spreadRow(s, e.getKey() + " (" + targetName + ")", e.getValue());
    for (var e : samples(p -> p.validationAccuracy()).entrySet()) spreadRow(s, e.getKey() + " (validation)", e.getValue());
    spreadRatios(s);
    s.append("\n## MGRIT iterations per step by level (nested iteration, mean over seeds)\n\n");
    mgritTable(s);
    return s.toString();
  }

  private void caseTable(StringBuilder s, String caseName) {
    s.append("### Case `").append(caseName).append("`\n\n");
    s.append("| arm | runs | median s | median s to target (reached) | median ").append(targetName)
        .append(" at end | at equal cost | at equal time | median validation at end |\n|---|---|---|---|---|---|---|---|\n");
    Map<Arm, List<StudyRow>> byArm = new LinkedHashMap<>();
    for (StudyRow r : rows) if (r.run().caseName().equals(caseName)) byArm.computeIfAbsent(r.run().arm(), k -> new ArrayList<>()).add(r);
    for (var e : byArm.entrySet()) {
      List<StudyRow> rs = e.getValue();
      double[] toTarget = rs.stream().mapToDouble(StudyRow::secondsToTarget).toArray();
      Spread t = Spread.of(toTarget);
      s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s (%d/%d) | %s | %s | %s | %s |%n", e.getKey().id(), rs.size(),
          Spread.of(rs.stream().mapToDouble(r -> r.run().seconds()).toArray()).median(),
          t.n() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", t.median()), t.n(), rs.size(),
          pct(median(rs, r -> r.end().accuracy())),
          pct(median(rs, r -> r.equalCost() == null ? Double.NaN : r.equalCost().accuracy())),
          pct(median(rs, r -> r.equalTime().accuracy())), pct(median(rs, r -> r.end().validationAccuracy()))));
    }
    speedups(s, caseName);
    s.append('\n');
  }

  /**
   * Per seed: the random start's (and MLlib's) time to target over nested iteration's, and the
   * random start's work to target (in steps of the final network) over nested iteration's.
   */
  private void speedups(StringBuilder s, String caseName) {
    for (Arm arm : new Arm[] {Arm.RANDOM, Arm.MLLIB}) ratios(s, caseName, arm, "Time", StudyRow::secondsToTarget);
    // Nested iteration can get there on a shallow level; the network the user asked for may come later.
    String shallow = shallowRuns(caseName);
    if (!shallow.isEmpty()) {
      ratios(s, caseName, Arm.RANDOM, "Time for a network of the final depth", StudyRow::secondsToFinalDepthTarget);
      s.append("(Nested iteration got to the target on a shallower level first in ").append(shallow).append(".)\n");
    }
    ratios(s, caseName, Arm.RANDOM, "Work (steps of the final network)", StudyRow::workToTarget);
  }

  /** The nested runs of a case that reached the target before their final depth, as "seed s (depth d), …". */
  private String shallowRuns(String caseName) {
    List<String> seeds = new ArrayList<>();
    for (StudyRow r : rows) {
      StudyRun run = r.run();
      if (run.arm() != Arm.NESTED || !run.caseName().equals(caseName)) continue;
      int depth = run.curve().depthAt(study.target());
      if (depth >= 0 && depth != run.depths()[run.depths().length - 1]) {
        seeds.add("seed " + run.seed() + " (depth " + depth + ")");
      }
    }
    return String.join(", ", seeds);
  }

  private void ratios(StringBuilder s, String caseName, Arm arm, String what, ToDoubleFunction<StudyRow> toTarget) {
    List<Double> ratios = new ArrayList<>();
    int notReached = 0, nestedNotReached = 0;
    for (StudyRow r : rows) {
      if (r.run().arm() != arm || !r.run().caseName().equals(caseName)) continue;
      double nested = toTarget.applyAsDouble(rowOf(StudyRow.nestedOf(r.run(), runs())));
      if (Double.isNaN(toTarget.applyAsDouble(r))) notReached++;
      else if (Double.isNaN(nested)) nestedNotReached++;
      else ratios.add(toTarget.applyAsDouble(r) / nested);
    }
    if (ratios.isEmpty() && notReached == 0 && nestedNotReached == 0) return;
    double[] v = ratios.stream().mapToDouble(Double::doubleValue).toArray();
    // Seeds where only one arm got there are named, not dropped: they are wins the median cannot show.
    s.append(String.format(Locale.ROOT, "%n%s to target, %s ÷ nested, per seed where both got there: %s; median %s%s%s.%n",
        what, arm.id(), Arrays.toString(Arrays.stream(v).map(x -> Math.round(x * 100) / 100.0).toArray()),
        v.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", Spread.of(v).median()),
        notReached == 0 ? "" : "; " + arm.id() + " never got there in " + notReached + " run(s)",
        nestedNotReached == 0 ? "" : "; nested iteration never got there in " + nestedNotReached
            + (nestedNotReached == 1 ? " run where " : " runs where ") + arm.id() + " did"));
  }

  private void mgritTable(StringBuilder s) {
    Map<Integer, List<double[]>> byDepth = new LinkedHashMap<>();
    for (StudyRow r : rows) {
      StudyRun run = r.run();
      if (run.arm() != Arm.NESTED || !run.sharedWith().isEmpty()) continue;
      for (int k = 0; k < run.depths().length; k++) {
        byDepth.computeIfAbsent(run.depths()[k], d -> new ArrayList<>())
            .add(new double[] {run.forwardIterations()[k], run.backwardIterations()[k]});
      }
    }
    s.append("| depth | forward | backward |\n|---|---|---|\n");
    byDepth.forEach((depth, v) -> s.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f |%n", depth,
        v.stream().mapToDouble(x -> x[0]).average().orElse(0), v.stream().mapToDouble(x -> x[1]).average().orElse(0))));
    s.append("\n(0 = serial propagation.)\n");
  }

  private List<StudyRun> runs() { return rows.stream().map(StudyRow::run).toList(); }

  private StudyRow rowOf(StudyRun run) {
    for (StudyRow r : rows) if (r.run() == run) return r;
    throw new IllegalStateException("run without a row");
  }

  /**
   * Nested iteration's spread against each reading of the random start's, over the runs paired by
   * seed and case, with a bootstrap interval: whether the runs resolve which spread is smaller.
   */
  private void spreadRatios(StringBuilder s) {
    List<StudyRun> runs = runs();
    List<StudyRow[]> pairs = new ArrayList<>();
    for (StudyRow r : rows) {
      if (r.run().arm() == Arm.RANDOM) pairs.add(new StudyRow[] {rowOf(StudyRow.nestedOf(r.run(), runs)), r});
    }
    if (pairs.size() < SpreadRatio.MIN_PAIRS) return;
    s.append(String.format(Locale.ROOT, "%nStandard deviation of nested iteration's accuracy ÷ the random start's, over"
        + " the %d runs paired by seed and case, with a %.0f %% bootstrap interval (%d resamples of the pairs): below 1"
        + " nested iteration's spread is the smaller; \"not resolved\" when the interval holds 1.%n%n", pairs.size(),
        100 * RATIO_LEVEL, SpreadRatio.RESAMPLES));
    s.append("| nested ÷ random | ").append(targetName).append(" | validation |\n|---|---|---|\n");
    Map<String, Function<StudyRow, Curve.Point>> randomReadings = new LinkedHashMap<>();
    randomReadings.put("random, equal cost", StudyRow::equalCost);
    randomReadings.put("random, equal time", StudyRow::equalTime);
    List<ToDoubleFunction<Curve.Point>> values = List.of(Curve.Point::accuracy, Curve.Point::validationAccuracy);
    for (var e : randomReadings.entrySet()) {
      s.append("| ").append(e.getKey());
      for (ToDoubleFunction<Curve.Point> value : values) {
        double[] nested = pairs.stream().mapToDouble(p -> value.applyAsDouble(p[0].end())).toArray();
        double[] random = pairs.stream().mapToDouble(p -> value.applyAsDouble(e.getValue().apply(p[1]))).toArray();
        s.append(" | ").append(SpreadRatio.of(nested, random, RATIO_LEVEL, SpreadRatio.RESAMPLES, RATIO_SEED).describe());
      }
      s.append(" |\n");
    }
  }

  private static void spreadRow(StringBuilder s, String name, double[] v) {
    Spread p = Spread.of(v);
    if (p.n() == 0) return;
    s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %s | %s |%n", name, p.n(), pct(p.mean()),
        pct(p.median()), 100 * p.std(), pct(p.min()), pct(p.max())));
  }

  private static double median(List<StudyRow> rs, ToDoubleFunction<StudyRow> f) {
    return Spread.of(rs.stream().mapToDouble(f).toArray()).median();
  }

  static String pct(double f) { return Double.isFinite(f) ? String.format(Locale.ROOT, "%.2f %%", 100 * f) : "–"; }

  private static String depth(int d) { return d > 0 ? Integer.toString(d) : ""; }
}
