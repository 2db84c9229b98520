package org.layerbraid.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.LoadedData;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;
import org.layerbraid.study.StudySettings.Arm;
import org.layerbraid.study.StudySettings.SweepCase;
import org.layerbraid.train.MinibatchPlan;
import org.layerbraid.train.NestedResult;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingSettings;

/**
 * Runs a nested-iteration study: for every seed (data drawn, weights initialised and batches
 * ordered by it) and every sweep case, nested iteration as configured; then the final network
 * from a random start, trained until it has had {@code randomStepFactor} × nested iteration's
 * steps and nested iteration's wall time; and, per seed, MLlib's perceptron for nested iteration's
 * wall time. Every run is measured on the {@link TargetSet} by a monitor whose time is not
 * charged to the run.
 */
public final class NestedStudy {
  /** Random starts may run past both budgets by this factor of the step budget before giving up on the time budget. */
  private static final int STEP_CAP_FACTOR = 4;

  /** MLlib's doubling fits stop here whatever the time: chunk · 2^15 iterations. */
  private static final int MLLIB_MAX_FITS = 16;

  private final SparkSession spark;
  private final StudySettings study;
  private final BiFunction<SweepCase, Long, StudyCase> settings;
  private final Progress progress;
  private String targetName = "target";

  /** {@code settings} gives the typed settings of a sweep case at a seed (and fails on bad values). */
  public NestedStudy(SparkSession spark, StudySettings study, BiFunction<SweepCase, Long, StudyCase> settings,
      Progress progress) {
    this.spark = spark;
    this.study = study;
    this.settings = settings;
    this.progress = progress;
  }

  /** Builds every case's settings with every grid setting at every seed, so that a bad value fails before anything runs. */
  public static void check(StudySettings study, BiFunction<SweepCase, Long, StudyCase> settings) {
    for (long seed : study.seeds()) {
      for (SweepCase c : study.cases()) {
        for (SweepCase g : study.nestedGrid()) settings.apply(c.with(g), seed);
        for (SweepCase g : study.randomGrid()) settings.apply(c.with(g), seed);
      }
    }
  }

  public List<StudyRun> run() {
    return run(runs -> {});
  }

  /**
   * As {@link #run()}, handing the runs so far to {@code afterSeed} after every seed, so that a long
   * study leaves a report that grows as it goes (and survives being stopped).
   */
  public List<StudyRun> run(java.util.function.Consumer<List<StudyRun>> afterSeed) {
    check(study, settings);
    int total = study.seeds().length * study.cases().size();
    List<StudyRun> runs = new ArrayList<>();
    int done = 0;
    LoadedData data = null;
    StudyCase loadedFor = null;
    try {
      for (long seed : study.seeds()) {
        StudyCase base = settings.apply(study.cases().get(0), seed);
        // With data.seed set every seed trains on the same examples: they are loaded once.
        if (data == null || !base.data().equals(loadedFor.data()) || base.partitions() != loadedFor.partitions()) {
          if (data != null) data.train().unpersist();
          data = DataSets.load(spark, base.data(), base.partitions());
          loadedFor = base;
        }
        TargetSet target = TargetSet.of(data, base.data().kind());
        targetName = target.name();
        // Random starts by case and grid setting, for the cases that may reuse the base case's.
        Map<String, StudyRun> randomByCase = new LinkedHashMap<>();
        for (SweepCase c : study.cases()) {
          done++;
          long refBatches = batchesPerEpoch(settings.apply(c, seed), seed, data.trainSize());
          List<StudyRun> nestedRuns = new ArrayList<>();
          for (SweepCase g : study.nestedGrid()) {
            announce(done, total, Arm.NESTED, c, g, seed);
            nestedRuns.add(nested(data, target, settings.apply(c.with(g), seed), c.name(), g.name(), seed, refBatches));
          }
          runs.addAll(nestedRuns);
          // Every random start runs for the longest of the nested settings' budgets: the readings at the
          // picked setting's budgets are then on its curve, whichever setting is picked.
          long stepBudget = nestedRuns.stream().mapToLong(n -> study.stepBudget(n.steps())).max().orElseThrow();
          double seconds = nestedRuns.stream().mapToDouble(StudyRun::seconds).max().orElseThrow();
          if (study.arms().contains(Arm.RANDOM)) {
            for (SweepCase g : study.randomGrid()) {
              StudyRun baseRandom = randomByCase.get(SweepCase.BASE + "\n" + g.name());
              StudyRun random;
              if (c.onlyNested() && baseRandom != null && baseRandom.steps() >= stepBudget
                  && baseRandom.curve().reaches(seconds)) {
                random = baseRandom.sharedAs(c.name());
              } else {
                announce(done, total, Arm.RANDOM, c, g, seed);
                random = random(data, target, settings.apply(c.with(g), seed), c.name(), g.name(), seed, refBatches,
                    stepBudget, seconds);
              }
              randomByCase.put(c.name() + "\n" + g.name(), random);
              runs.add(random);
            }
          }
          if (study.arms().contains(Arm.MLLIB) && c.isBase()) {
            announce(done, total, Arm.MLLIB, c, null, seed);
            runs.add(mllib(data, target, seed, seconds, c.name()));
          }
        }
        afterSeed.accept(List.copyOf(runs));
      }
    } finally {
      if (data != null) data.train().unpersist();
    }
    return runs;
  }

  /**
   * MLlib's perceptron, warm, as continuous fits of study.mlpChunk, twice, four times … as many
   * iterations (see {@link MlpBaseline}) until one takes nested iteration's wall time.
   */
  private StudyRun mllib(LoadedData data, TargetSet target, long seed, double seconds, String caseName) {
    int chunk = study.mlpChunk();
    try (MlpBaseline mlp = new MlpBaseline(spark, data, study.mlpHidden(), seed)) {
      mlp.fit(chunk); // untimed: the JIT and Spark's first jobs are not MLlib's cost
      Curve curve = mlp.curve(target, data.validation(), k -> chunk << k, MLLIB_MAX_FITS, seconds);
      return new StudyRun(Arm.MLLIB, caseName, "", seed, curve.last().seconds(), curve.last().steps(), curve, mlp.layers(),
          new double[0], new double[0], "");
    }
  }

  /** What the runs were timed on: grid, test or validation (known once {@link #run()} has loaded the data). */
  public String targetName() { return targetName; }

  private StudyRun nested(LoadedData data, TargetSet target, StudyCase sc, String caseName, String setting, long seed,
      long refBatches) {
    RunMonitor monitor = new RunMonitor(target, study.monitorEvery(), stepWeights(sc, seed, data.trainSize(), refBatches));
    NestedResult r = Training.fitNested(data, sc.model(), sc.propagation(), sc.training(), sc.nested(), progress,
        monitor);
    int levels = r.levels().size();
    int[] depths = new int[levels];
    double[] forward = new double[levels], backward = new double[levels];
    for (int k = 0; k < levels; k++) {
      depths[k] = r.levels().get(k).shape().depth();
      forward[k] = meanIterations(r.result().history(), k, true);
      backward[k] = meanIterations(r.result().history(), k, false);
    }
    Curve curve = withFinal(monitor, target, r, data);
    return new StudyRun(Arm.NESTED, caseName, setting, seed, r.result().seconds(), monitor.steps(), curve, depths, forward,
        backward, "");
  }

  /**
   * Per level, what one of its steps counts in steps of the case's {@code train.batchSize} (its
   * batches per epoch {@code refBatches}), the random start's batch before tuning: the ratio of the
   * batch sizes, so that the random start's equal-cost budget means as many examples seen, not as
   * many steps, when levels or tuned settings take batches of their own size.
   */
  private static double[] stepWeights(StudyCase sc, long seed, long trainSize, long refBatches) {
    NestedSettings nested = sc.nested();
    double[] w = new double[nested.levels()];
    for (int k = 0; k < w.length; k++) {
      int batches = MinibatchPlan.of(seed, nested.settingsAt(sc.training(), k).batchSize(), trainSize).batchesPerEpoch();
      w[k] = (double) refBatches / batches;
    }
    return w;
  }

  private static long batchesPerEpoch(StudyCase sc, long seed, long trainSize) {
    return MinibatchPlan.of(seed, sc.training().batchSize(), trainSize).batchesPerEpoch();
  }

  /** The final network from a random start until it has had both budgets (steps in batches of {@code refBatches}). */
  private StudyRun random(LoadedData data, TargetSet target, StudyCase sc, String caseName, String setting, long seed,
      long refBatches, long stepBudget, double secondsBudget) {
    double stepWeight = (double) refBatches / batchesPerEpoch(sc, seed, data.trainSize());
    int epochCap = (int) Math.min(Integer.MAX_VALUE, (STEP_CAP_FACTOR * stepBudget + refBatches - 1) / refBatches);
    TrainingSettings training = sc.training().withEpochs(Math.max(1, epochCap));
    RunMonitor monitor = new RunMonitor(target, study.monitorEvery(), stepBudget, secondsBudget, stepWeight);
    NestedResult r = Training.fitNested(data, sc.model(), sc.propagation(), training, NestedSettings.off(), progress,
        monitor);
    int depth = r.result().shape().depth();
    Curve curve = withFinal(monitor, target, r, data);
    return new StudyRun(Arm.RANDOM, caseName, setting, seed, r.result().seconds(), monitor.steps(), curve,
        new int[] {depth}, new double[] {meanIterations(r.result().history(), 0, true)},
        new double[] {meanIterations(r.result().history(), 0, false)}, "");
  }

  /** The monitor's curve ending in the parameters the run returned (the kept ones), measured once more. */
  static Curve withFinal(RunMonitor monitor, TargetSet target, NestedResult r, LoadedData data) {
    double validation = data.validation() == null ? Double.NaN
        : new TargetSet("validation", data.validation()).accuracy(r.result().shape(), r.result().theta());
    Curve curve = monitor.curve();
    curve.add(r.result().seconds(), monitor.steps(), monitor.layerSteps(), r.result().shape().depth(),
        target.accuracy(r.result().shape(), r.result().theta()), validation);
    return curve;
  }

  private static double meanIterations(List<EpochRecord> history, int level, boolean forward) {
    double sum = 0;
    int n = 0;
    for (EpochRecord e : history) {
      if (e.level() != level) continue;
      sum += forward ? e.mgritForwardIterations() : e.mgritBackwardIterations();
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  private void announce(int done, int total, Arm arm, SweepCase c, SweepCase setting, long seed) {
    boolean tuned = setting != null && !setting.isBase();
    progress.message(String.format(java.util.Locale.ROOT, "study %d/%d: %s%s, case %s, seed %d", done, total, arm.id(),
        tuned ? " (" + setting.name() + ")" : "", c.name(), seed));
  }
}
