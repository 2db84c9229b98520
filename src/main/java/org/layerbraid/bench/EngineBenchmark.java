package org.layerbraid.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.engine.ResidentEngine;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.engine.SparkEngine;
import org.layerbraid.engine.SparkEngines;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;

/**
 * {@code layerbraid bench engine}: one forward MGRIT solve of a fixed number of iterations timed on
 * serial propagation (the reference), the in-JVM engine and the Spark engine in local contexts of
 * 1, 2, … cores started one after another in this JVM; the stage count of an iteration and the time
 * Spark adds per stage, from solves of a tiny network where compute is negligible; and a cost model
 * built from those measurements ({@link EngineCostModel}).
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  /** The settings of a run. */
  public record Options(int depth, int width, int batch, int iterations, int cfactor, int nrelax,
      List<Integer> cores, List<Integer> partitions, int repeats, int tinyRepeats, int modelIterations,
      List<Integer> modelExecutors, List<Integer> modelDepths, long seed, int pairedRounds) {

    MgritOptions mgrit(int iters) {
      return MgritOptions.DEFAULTS.withCfactors(cfactor).withNrelax(nrelax).withTolerance(0, 0).withMaxIter(iters)
          .withSkip(true);
    }
  }

  /**
   * Median seconds of repeated timings of one configuration: wall clock, and the CPU time of the whole
   * process meanwhile (all threads: Spark's, the garbage collector's), which on a shared machine
   * depends far less on what else runs than the wall clock does.
   */
  public record Timing(String name, int cores, int partitions, Stats seconds, Stats cpuSeconds, long stages, long stagesRun,
      long steps, double maxRelDiff) {
    /** Whether it ran in a Spark context (either Spark engine). */
    public boolean onSpark() { return name.equals(STAGE_ENGINE) || name.equals(RESIDENT_ENGINE); }
  }

  static final String STAGE_ENGINE = "Spark engine";
  static final String RESIDENT_ENGINE = "resident engine";

  /** Spark's cost per stage on one context, from the tiny network. */
  public record StageCost(int cores, int partitions, int depth, int levels, double stagesPerIteration,
      double stagesRunPerIteration, Stats sparkSeconds, Stats inJvmSeconds, long stages, long stagesRun) {
    /** (Spark − in-JVM) / stages run. */
    public double secondsPerStage() {
      return (sparkSeconds.median() - inJvmSeconds.median()) / (stagesRun > 0 ? stagesRun : stages);
    }
  }

  /**
   * {@code twoThreads}: how much faster two serial propagations run on two threads at once than one
   * after the other — what two cores give compute of this kind now (on a shared machine, less than 2).
   */
  public record Result(Machine machine, String loadBefore, String loadAfter, Options options, int levels, Stats twoThreads,
      List<Timing> timings, List<StageCost> stageCosts, EngineCostModel model, List<double[]> residentScaling,
      double totalSeconds) {}

  /** Counts an engine's stages (all, and those that really ran) through the status tracker. */
  private static final class Capture implements EngineFactory<double[]> {
    private static final long serialVersionUID = 1L;
    final EngineFactory<double[]> inner;
    transient Engine<double[]> last;

    Capture(EngineFactory<double[]> inner) { this.inner = inner; }

    @Override
    public Engine<double[]> create(Hierarchy h, TimeStepper<double[]> s) {
      last = inner.create(h, s);
      return last;
    }
  }

  /** Stages listed in the engine's jobs, and of those the ones whose tasks ran (not skipped). */
  private static long[] stagesOf(JavaSparkContext sc, Engine<double[]> engine) {
    long all = 0;
    String group = engine instanceof SparkEngine stages ? stages.jobGroup() : ((ResidentEngine) engine).jobGroup();
    for (int job : sc.statusTracker().getJobIdsForGroup(group)) {
      var info = sc.statusTracker().getJobInfo(job);
      if (info != null) all += info.stageIds().length;
    }
    return new long[] {all, engine.stages()};
  }

  record Problem(ResNet net, double[] u0) {}

  static Problem problem(int width, int batch, int depth, long seed) {
    NetworkShape shape = new NetworkShape(width, width, depth, 2, 1.0, Activation.TANH, BiasMode.SCALAR);
    ResNet net = new ResNet(shape, new Initialization(1, 1, 1, seed).draw(shape));
    SplittableRandom rng = new SplittableRandom(seed + 1);
    double[] u0 = new double[width * batch];
    for (int i = 0; i < u0.length; i++) u0[i] = 2 * rng.nextDouble() - 1;
    return new Problem(net, u0);
  }

  static double time(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) * 1e-9;
  }

  /** Wall-clock seconds of r, with the process's CPU seconds meanwhile stored at cpu[i]. */
  private static double time(Runnable r, double[] cpu, int i) {
    double c0 = processCpuSeconds();
    double wall = time(r);
    cpu[i] = processCpuSeconds() - c0;
    return wall;
  }

  /** How much faster two serial propagations run on two threads at once than one after the other. */
  static double twoThreads(Problem big) {
    Runnable one = () -> new SerialPropagation().forward(big.net, big.u0, 0);
    double sequence = time(() -> { one.run(); one.run(); });
    return sequence / time(() -> inTwoThreads(one));
  }

  private static void inTwoThreads(Runnable r) {
    Thread other = new Thread(r);
    other.start();
    r.run();
    try {
      other.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() * 1e-9;
  }

  static double[][] mgrit(Problem p, MgritOptions o, EngineFactory<double[]> f) {
    return MgritPropagation.converged(o, CoarseWeights.MEAN, f).forward(p.net, p.u0, 0);
  }

  static double maxRelDiff(double[][] a, double[][] b) {
    double diff = 0, scale = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
        scale = Math.max(scale, Math.abs(b[i][j]));
      }
    }
    return scale == 0 ? diff : diff / scale;
  }

  public static String load() {
    try {
      String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
      String[] f = s.split("\\s+");
      return "load average " + f[0] + ", " + f[1] + ", " + f[2];
    } catch (Exception e) {
      return "load average unknown";
    }
  }

  public static Result run(Options o, PrintStream progress) {
    long start = System.nanoTime();
    Machine machine = Machine.probe();
    String loadBefore = load();
    Problem big = problem(o.width(), o.batch(), o.depth(), o.seed());
    MgritOptions mo = o.mgrit(o.iterations());
    int levels = new Hierarchy(o.depth(), 0, 1, mo).numLevels();
    List<Timing> timings = new ArrayList<>();

    // Warm-up of the JIT on a short chain.
    Problem warm = problem(o.width(), Math.min(o.batch(), 64), Math.min(o.depth(), 64), o.seed());
    new SerialPropagation().forward(warm.net, warm.u0, 0);
    mgrit(warm, o.mgrit(o.iterations()), InJvmEngine.factory(1));

    double[] serial = new double[o.repeats()], jvm = new double[o.repeats()];
    double[] serialCpu = new double[o.repeats()], jvmCpu = new double[o.repeats()];
    double[][] reference = null;
    long jvmSteps = 0;
    for (int r = 0; r < o.repeats(); r++) {
      say(progress, "serial propagation, round %d of %d (%s)", r + 1, o.repeats(), load());
      serial[r] = time(() -> new SerialPropagation().forward(big.net, big.u0, 0), serialCpu, r);
      say(progress, "  %.3f s (CPU %.3f s); in-JVM engine (%s)", serial[r], serialCpu[r], load());
      Capture cap = new Capture(InJvmEngine.factory(1));
      double[][][] out = new double[1][][];
      jvm[r] = time(() -> out[0] = mgrit(big, mo, cap), jvmCpu, r);
      reference = out[0];
      jvmSteps = cap.last.steps();
      say(progress, "  %.3f s (CPU %.3f s)", jvm[r], jvmCpu[r]);
    }
    double[] twoThreads = new double[o.repeats()];
    for (int r = 0; r < o.repeats(); r++) {
      twoThreads[r] = twoThreads(big);
      say(progress, "two serial propagations: %.2f× faster on two threads than in sequence (%s)", twoThreads[r], load());
    }
    timings.add(new Timing("serial propagation", 1, 1, Stats.of(serial), Stats.of(serialCpu), 0, 0, o.depth(), Double.NaN));
    timings.add(new Timing("in-JVM engine", 1, 1, Stats.of(jvm), Stats.of(jvmCpu), 0, 0, jvmSteps, 0));

    List<StageCost> stageCosts = new ArrayList<>();
    List<double[]> residentScaling = new ArrayList<>();
    Problem tiny = problem(1, 1, o.depth(), o.seed());
    for (int cores : o.cores()) {
      SparkConf conf = new SparkConf().setMaster("local[" + cores + "]").setAppName("layerbraid bench engine")
          .set("spark.ui.enabled", "false").set("spark.ui.retainedJobs", "100000")
          .set("spark.ui.retainedStages", "100000");
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        sc.setLogLevel("WARN");
        for (int parts : o.partitions()) {
          // Starts the executors' threads and lets the JIT compile Spark's scheduler, serializers and block
          // manager (a first solve spends seconds of CPU on compiling them), so the timings are of a
          // steady state, as in training; the in-JVM engine's code is warmed up above.
          for (int w = 0; w < 5; w++) mgrit(tiny, mo, SparkEngines.factory(sc, parts, 1, 1, 20));
          timings.add(timeOnSpark(sc, STAGE_ENGINE, cores, parts, SparkEngines.factory(sc, parts, 1, o.width(), 20), big,
              mo, reference, o, progress));
          stageCosts.add(stageCost(sc, cores, parts, o, o.depth(), progress));
          int quarter = o.depth() / 4;
          if (quarter >= 4 * o.cfactor() && new Hierarchy(quarter, 0, 1, mo).numLevels() < levels) {
            stageCosts.add(stageCost(sc, cores, parts, o, quarter, progress));
          }
        }
        // Barrier stages need a slot per task: the resident engine runs one layer partition per core.
        for (int w = 0; w < 5; w++) mgrit(tiny, mo, ResidentEngine.factory(sc, cores, 1, 1));
        timings.add(timeOnSpark(sc, RESIDENT_ENGINE, cores, cores, ResidentEngine.factory(sc, cores, 1, o.width()), big, mo,
            reference, o, progress));
        if (cores == 2) {
          // Paired rounds in this one context: 1 task, then 2 tasks, then two threads of plain compute.
          for (int w = 0; w < 2; w++) mgrit(tiny, mo, ResidentEngine.factory(sc, 1, 1, 1));
          for (int r = 0; r < o.pairedRounds(); r++) {
            double one = time(() -> mgrit(big, mo, ResidentEngine.factory(sc, 1, 1, o.width())));
            double two = time(() -> mgrit(big, mo, ResidentEngine.factory(sc, 2, 1, o.width())));
            double plain = twoThreads(big);
            residentScaling.add(new double[] {one / two, plain});
            say(progress, "paired round %d of %d: resident engine, 2 tasks %.2f× faster than 1 task; two serial"
                + " propagations %.2f× faster on two threads (%s)", r + 1, o.pairedRounds(), one / two, plain, load());
          }
        }
      }
    }
    EngineCostModel model = fit(o, timings, stageCosts);
    return new Result(machine, loadBefore, load(), o, levels, Stats.of(twoThreads), timings, stageCosts, model,
        residentScaling, (System.nanoTime() - start) * 1e-9);
  }

  /** Repeated timings of the full-size solve on one Spark engine, its states checked against the in-JVM engine's. */
  private static Timing timeOnSpark(JavaSparkContext sc, String name, int cores, int parts, EngineFactory<double[]> f,
      Problem big, MgritOptions mo, double[][] reference, Options o, PrintStream progress) {
    double[] t = new double[o.repeats()], cpu = new double[o.repeats()];
    long[] stages = null;
    long steps = 0;
    double diff = 0;
    for (int r = 0; r < o.repeats(); r++) {
      say(progress, "%s local[%d], %d layer partitions, round %d of %d (%s)", name, cores, parts, r + 1, o.repeats(), load());
      Capture cap = new Capture(f);
      double[][][] out = new double[1][][];
      t[r] = time(() -> out[0] = mgrit(big, mo, cap), cpu, r);
      stages = stagesOf(sc, cap.last);
      steps = cap.last.steps();
      diff = Math.max(diff, maxRelDiff(out[0], reference));
      say(progress, "  %.3f s (CPU %.3f s), %d stages (%d run)", t[r], cpu[r], stages[0], stages[1]);
    }
    return new Timing(name, cores, parts, Stats.of(t), Stats.of(cpu), stages[0], stages[1], steps, diff);
  }

  /**
   * Tiny network (width 1, batch 1): solves of k and k+1 iterations give the stages of one iteration;
   * the k-iteration solve timed against the in-JVM engine gives Spark's time per stage run.
   */
  private static StageCost stageCost(JavaSparkContext sc, int cores, int parts, Options o, int depth,
      PrintStream progress) {
    Problem tiny = problem(1, 1, depth, o.seed());
    int k = o.iterations();
    EngineFactory<double[]> f = SparkEngines.factory(sc, parts, 1, 1, 20);
    Capture a = new Capture(f), b = new Capture(f);
    mgrit(tiny, o.mgrit(k + 1), b);
    long[] sb = stagesOf(sc, b.last);
    double[] spark = new double[o.tinyRepeats()], jvm = new double[o.tinyRepeats()];
    long[] sa = null;
    for (int r = 0; r < o.tinyRepeats(); r++) {
      spark[r] = time(() -> mgrit(tiny, o.mgrit(k), a));
      sa = stagesOf(sc, a.last);
      jvm[r] = time(() -> mgrit(tiny, o.mgrit(k), InJvmEngine.factory(1)));
    }
    int levels = new Hierarchy(depth, 0, 1, o.mgrit(k)).numLevels();
    StageCost c = new StageCost(cores, parts, depth, levels, sb[0] - sa[0], sb[1] - sa[1],
        Stats.of(spark), Stats.of(jvm), sa[0], sa[1]);
    say(progress, "tiny network, depth %d (%d levels), local[%d], %d partitions: %.0f stages/iteration (%.0f run), %.1f ms per stage run (%s)",
        depth, levels, cores, parts, c.stagesPerIteration(), c.stagesRunPerIteration(), 1e3 * c.secondsPerStage(), load());
    return c;
  }

  /**
   * The model's constants: step cost from serial propagation; stage cost and stage counts from the
   * tiny network on the most-cores context (stages run per iteration, fitted as fixed + per level
   * from the two depths; one depth gives per level = count / levels).
   */
  private static EngineCostModel fit(Options o, List<Timing> timings, List<StageCost> costs) {
    double step = timings.get(0).seconds().median() / o.depth();
    int maxCores = o.cores().stream().mapToInt(Integer::intValue).max().orElse(1);
    List<StageCost> mine = costs.stream().filter(c -> c.cores() == maxCores).toList();
    StageCost full = mine.get(0);
    double perStage = full.secondsPerStage();
    double s1 = full.stagesRunPerIteration();
    double fixed = 0, perLevel = s1 / Math.max(1, full.levels() - 1);
    if (mine.size() > 1) {
      StageCost q = mine.get(1);
      double s2 = q.stagesRunPerIteration();
      perLevel = (s1 - s2) / (full.levels() - q.levels());
      fixed = s1 - perLevel * (full.levels() - 1);
    }
    double once = full.stagesRun() - o.iterations() * s1;
    return new EngineCostModel(step, perStage, fixed, perLevel, once, o.cfactor(), o.nrelax());
  }

  private static void say(PrintStream p, String format, Object... args) {
    if (p != null) p.println(String.format(Locale.ROOT, format, args));
  }
}
