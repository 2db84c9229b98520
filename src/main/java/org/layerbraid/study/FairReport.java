package org.layerbraid.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.Charts;
import org.layerbraid.study.StudySettings.Arm;
import org.layerbraid.study.StudySettings.SweepCase;

/**
 * The fair comparison of a study: both arms tuned over grids of the same size, each picked on
 * validation accuracy ({@link TuningPick}), and timed to validation-accuracy thresholds that need
 * the final network's accuracy ({@link ThresholdSpeedup}). Writes {@code sweep.csv} (every run of
 * both sweeps), {@code thresholds.csv} and {@code speedup_vs_threshold.png}, and gives the
 * summary's section.
 */
final class FairReport {
  /** The curve spans the thresholds from this far below the lowest one in the table, in steps of STEP. */
  private static final double CURVE_SPAN = 0.10;
  private static final double CURVE_STEP = 0.005;

  private final StudySettings study;
  private final List<StudyRun> runs;
  private final String targetName;

  FairReport(StudySettings study, List<StudyRun> runs, String targetName) {
    this.study = study;
    this.runs = List.copyOf(runs);
    this.targetName = targetName;
  }

  void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve("sweep.csv"), sweepCsv().getBytes(StandardCharsets.UTF_8));
    if (!study.arms().contains(Arm.RANDOM)) return;
    AtomicFiles.write(dir.resolve("thresholds.csv"), thresholdsCsv().getBytes(StandardCharsets.UTF_8));
    Map<String, double[][]> lines = curveLines();
    boolean drawable = lines.values().stream().anyMatch(l -> Arrays.stream(l[1]).anyMatch(Double::isFinite));
    if (drawable) {
      Charts.speedupVsThreshold(lines, "validation accuracy", "random ÷ nested", dir.resolve("speedup_vs_threshold.png"));
    }
  }

  /** Every nested and random run with the setting it was made with, and whether that setting was picked. */
  String sweepCsv() {
    List<StudyRun> picked = TuningPick.picked(runs);
    StringBuilder s = new StringBuilder("arm,case,setting,seed,shared_with,seconds,steps,end_validation,end_target,picked\n");
    for (StudyRun r : runs) {
      if (r.arm() == Arm.MLLIB) continue;
      s.append(String.join(",", r.arm().id(), Csv.quote(r.caseName()), Csv.quote(r.setting()), Long.toString(r.seed()),
          Csv.quote(r.sharedWith()), Csv.num(r.seconds()), Long.toString(r.steps()), Csv.num(r.last().validationAccuracy()),
          Csv.num(r.last().accuracy()), Boolean.toString(picked.contains(r)))).append('\n');
    }
    return s.toString();
  }

  String thresholdsCsv() {
    StringBuilder s = new StringBuilder("case,threshold,default,seeds,nested_seconds,nested_final_depth_seconds,"
        + "random_seconds,speedup,speedup_final_depth,ratios,final_depth_ratios,random_missed,nested_missed,shallower_first\n");
    for (SweepCase c : study.cases()) {
      List<ThresholdSpeedup.Pair> pairs = pairs(c.name());
      if (pairs.isEmpty()) continue;
      for (ThresholdSpeedup t : table(pairs)) {
        s.append(String.join(",", Csv.quote(c.name()), Csv.num(t.threshold()), Boolean.toString(study.thresholds().length == 0),
            Integer.toString(t.seeds()), Csv.num(t.nestedSeconds()), Csv.num(t.nestedFinalDepthSeconds()),
            Csv.num(t.randomSeconds()), Csv.num(t.speedup()), Csv.num(t.finalDepthSpeedup()), Csv.list(t.ratios()),
            Csv.list(t.finalDepthRatios()), Integer.toString(t.randomMissed()), Integer.toString(t.nestedMissed()),
            Csv.quote(String.join("; ", t.shallowerFirst())))).append('\n');
      }
    }
    return s.toString();
  }

  /** The summary's section: per case, both sweeps with the picks, then the speed-ups at the thresholds. */
  String section() {
    StringBuilder s = new StringBuilder("## Fair comparison: both arms tuned, timed to validation thresholds\n\n");
    s.append(String.format(Locale.ROOT, "Each arm tried %d setting(s) on every seed (nested iteration: `study.nestedGrid`,"
        + " random start: `study.randomGrid`); the setting with the best median final validation accuracy over seeds is"
        + " the one compared, here and in the sections below (`sweep.csv` has every run of both sweeps). Times are to the"
        + " first measurement at or above a validation-accuracy threshold (measured every %d epoch(s));%s%n%n",
        study.nestedGrid().size(), study.monitorEvery(), study.thresholds().length == 0
            ? String.format(Locale.ROOT, " the threshold is the tuned random start's median final validation accuracy"
                + " less %.1f points.", 100 * StudySettings.DEFAULT_MARGIN)
            : " the thresholds are `study.thresholds`."));
    for (SweepCase c : study.cases()) {
      s.append("### Case `").append(c.name()).append("`\n\n");
      sweepTable(s, c.name());
      List<ThresholdSpeedup.Pair> pairs = pairs(c.name());
      if (!pairs.isEmpty()) thresholdTable(s, table(pairs));
    }
    return s.toString();
  }

  private void sweepTable(StringBuilder s, String caseName) {
    s.append("| arm | setting | runs | median validation at end | median ").append(targetName)
        .append(" at end | picked |\n|---|---|---|---|---|---|\n");
    for (Arm arm : new Arm[] {Arm.NESTED, Arm.RANDOM}) {
      String pick = TuningPick.pick(runs, arm, caseName);
      for (TuningPick.Setting t : TuningPick.settings(runs, arm, caseName)) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", arm.id(), t.name(), t.runs(),
            StudyReport.pct(t.medianValidation()), StudyReport.pct(t.medianTarget()), t.name().equals(pick) ? "**picked**" : ""));
      }
    }
    s.append('\n');
  }

  private static void thresholdTable(StringBuilder s, List<ThresholdSpeedup> table) {
    s.append("| validation threshold | seeds both got there | nested, whole schedule: median s | nested, final-depth"
        + " network: median s | random: median s | speed-up, whole schedule | speed-up, final-depth network |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (ThresholdSpeedup t : table) {
      s.append(String.format(Locale.ROOT, "| %s | %d/%d | %s | %s | %s | %s | %s |%n", StudyReport.pct(t.threshold()),
          t.ratios().length, t.seeds(), secs(t.nestedSeconds()), secs(t.nestedFinalDepthSeconds()), secs(t.randomSeconds()),
          times(t.speedup()), times(t.finalDepthSpeedup())));
    }
    s.append('\n');
    for (ThresholdSpeedup t : table) {
      // The whole schedule's figure then credits a shallow network: the final-depth column is the fair one.
      if (!t.shallowerFirst().isEmpty()) {
        s.append(String.format(Locale.ROOT, "At %s nested iteration got there on a shallower level first in %s.%n",
            StudyReport.pct(t.threshold()), String.join(", ", t.shallowerFirst())));
      }
      List<String> missed = new ArrayList<>();
      if (t.randomMissed() > 0) missed.add("the random start in " + t.randomMissed() + " of " + t.seeds() + " seed(s)");
      if (t.nestedMissed() > 0) missed.add("nested iteration in " + t.nestedMissed() + " of " + t.seeds() + " seed(s)");
      if (!missed.isEmpty()) {
        s.append(String.format(Locale.ROOT, "At %s never got there: %s.%n", StudyReport.pct(t.threshold()),
            String.join("; ", missed)));
      }
    }
    s.append('\n');
  }

  /** The thresholds of the table: {@code study.thresholds}, or the default one. */
  private List<ThresholdSpeedup> table(List<ThresholdSpeedup.Pair> pairs) {
    double[] thresholds = study.thresholds().length > 0 ? study.thresholds()
        : new double[] {ThresholdSpeedup.defaultThreshold(pairs)};
    List<ThresholdSpeedup> out = new ArrayList<>();
    for (double t : thresholds) if (Double.isFinite(t)) out.add(ThresholdSpeedup.at(t, pairs));
    return out;
  }

  /** Per case, the speed-up of the whole schedule and of the final-depth network over a range of thresholds. */
  private Map<String, double[][]> curveLines() {
    Map<String, double[][]> lines = new LinkedHashMap<>();
    for (SweepCase c : study.cases()) {
      List<ThresholdSpeedup.Pair> pairs = pairs(c.name());
      List<ThresholdSpeedup> table = table(pairs);
      if (table.isEmpty()) continue;
      double lowest = table.stream().mapToDouble(ThresholdSpeedup::threshold).min().orElseThrow();
      List<ThresholdSpeedup> curve = new ArrayList<>();
      for (double t = Math.max(CURVE_STEP, lowest - CURVE_SPAN); t <= 1 + 1e-9; t += CURVE_STEP) {
        curve.add(ThresholdSpeedup.at(t, pairs));
      }
      double[] x = curve.stream().mapToDouble(ThresholdSpeedup::threshold).toArray();
      String prefix = study.cases().size() > 1 ? c.name() + ": " : "";
      lines.put(prefix + "whole schedule", new double[][] {x, curve.stream().mapToDouble(ThresholdSpeedup::speedup).toArray()});
      lines.put(prefix + "final-depth network",
          new double[][] {x, curve.stream().mapToDouble(ThresholdSpeedup::finalDepthSpeedup).toArray()});
    }
    return lines;
  }

  /** The picked nested and random runs of a case, paired by seed; empty without a random arm. */
  private List<ThresholdSpeedup.Pair> pairs(String caseName) {
    List<StudyRun> picked = TuningPick.picked(runs);
    List<ThresholdSpeedup.Pair> pairs = new ArrayList<>();
    for (StudyRun n : picked) {
      if (n.arm() != Arm.NESTED || !n.caseName().equals(caseName)) continue;
      for (StudyRun r : picked) {
        if (r.arm() == Arm.RANDOM && r.caseName().equals(caseName) && r.seed() == n.seed()) {
          pairs.add(new ThresholdSpeedup.Pair(n.seed(), n.curve(), r.curve(), n.depths()[n.depths().length - 1]));
        }
      }
    }
    return pairs;
  }

  private static String secs(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "–"; }

  private static String times(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "**%.2f×**", v) : "–"; }
}
