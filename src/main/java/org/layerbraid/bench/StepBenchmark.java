package org.layerbraid.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.bench.EngineBenchmark.Problem;
import org.layerbraid.bench.StepCostModel.Coordination;
import org.layerbraid.bench.StepCostModel.Placement;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.engine.ResidentEngine;
import org.layerbraid.engine.ResidentSteps;
import org.layerbraid.engine.SparkEngines;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.data.Examples;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.report.Progress;
import org.layerbraid.train.JoinedBatchSource;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.Trainer;
import org.layerbraid.train.TrainingResult;
import org.layerbraid.train.TrainingSettings;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.Trajectory;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.resnet.ResNetAdjointStepper;
import org.layerbraid.resnet.ResNetForwardStepper;

/**
 * {@code layerbraid bench step}: one one-shot training step through the residual layers (forward
 * solve, adjoint solve, gradient) timed on serial propagation, the in-JVM engine, the stage engine
 * and the resident engine in one Spark context, in rounds that take every engine in turn, beside a
 * {@link StepCostModel} whose inputs are measured in the same invocation and apart from the steps it
 * predicts: the seconds of one forward step, adjoint step and layer gradient on one thread; what two
 * threads of plain compute give on this machine; each engine's latency per MGRIT iteration from
 * solves of a tiny network (width 1, batch 1); and each engine's cost per step from a step on a
 * one-level hierarchy (stepped in order: compute known, the rest is the engine's), at the depth and
 * a quarter of it. Last, in a local context of as many threads as tasks, the resident engine's
 * latency per iteration at 2 … 64 tasks, beside the model's line through them.
 */
public final class StepBenchmark {
  private StepBenchmark() {}

  /** The settings of a run; {@code mgrit} is the solver as shipped for training. */
  public record Options(int depth, int width, int batch, int partitions, int rounds, int warmups, int fewIterations,
      int manyIterations, List<Integer> tasks, MgritOptions mgrit, int forwardIterations, int backwardIterations,
      long seed) {}

  static final String SERIAL = "serial propagation";
  static final String IN_JVM = OverheadBenchmark.IN_JVM;
  static final String STAGES = OverheadBenchmark.STAGES;
  static final String RESIDENT = OverheadBenchmark.RESIDENT;
  static final String WHOLE_STEP = "resident engine, whole step";
  static final String RESIDENT_EPOCH = "resident engine, weights in the tasks";
  static final List<String> STEPPED = List.of(SERIAL, IN_JVM, STAGES, RESIDENT, WHOLE_STEP, RESIDENT_EPOCH);
  /** Engines whose step is timed in the context under test, with a latency per iteration and a cost per step. */
  static final List<String> SPARK_ENGINES = List.of(STAGES, RESIDENT, WHOLE_STEP, RESIDENT_EPOCH);

  /**
   * Steps per epoch when the weights stay in the tasks: the weights go out and come back once an
   * epoch, so a step's share of that falls with the epoch's length (Fashion-MNIST at batch 256 has 211).
   */
  static final int EPOCH_STEPS = 8;

  /**
   * The sums of two states (restriction, correction, residuals) the cycle does per layer step, in
   * the forward and the adjoint solve, counted on the tiny network's solves; and the seconds of one
   * at full width and batch. A step's price in the model includes its share of them: 2 per forward
   * step with training's settings, 14–20 % of the in-JVM engine's time at width 64.
   */
  public record VectorWork(double forwardSumsPerStep, double adjointSumsPerStep, double sumSeconds) {}

  /** A measured figure and the model's prediction of it, in seconds. */
  public record Point(String name, Stats measured, double predicted) {
    public double ratio() { return predicted / measured.median(); }
  }

  /**
   * @param steps the measured training steps, in {@link #STEPPED} order
   * @param perIterationMs each engine's non-compute milliseconds per MGRIT iteration (tiny network, beyond the in-JVM engine)
   * @param latencies the resident engine's seconds per iteration at 2 … 64 tasks
   */
  public record Result(Machine machine, String master, int cores, String loadBefore, String loadAfter, Options options,
      int levels, StepCostModel model, VectorWork vectors, double slowdown, Map<String, Coordination> engines, List<Point> steps,
      Map<String, Double> perIterationMs, List<Point> latencies, double seconds) {

    /** The largest |predicted ÷ measured − 1| over the measured steps and latencies. */
    public double modelErrorMax() {
      double worst = 0;
      for (Point p : steps) worst = Math.max(worst, Math.abs(p.ratio() - 1));
      for (Point p : latencies) worst = Math.max(worst, Math.abs(p.ratio() - 1));
      return worst;
    }
  }

  /**
   * What {@link #measure} takes in the context under test, by engine: step seconds, non-compute
   * milliseconds per iteration, and seconds of one-level steps at the depth and at {@code quarterDepth}.
   */
  public record Measured(String master, int cores, String loadBefore, Options options, StepCostModel model,
      VectorWork vectors,
      double slowdown, Map<String, List<Double>> stepTimes, Map<String, List<Double>> latencyMs,
      Map<String, List<Double>> oneLevel, Map<String, List<Double>> oneLevelQuarter, int quarterDepth, long startNanos) {}

  /** The steps and the model's inputs, in the context under test (the master given, e.g. local[2] or a cluster). */
  public static Measured measure(JavaSparkContext sc, Options o, PrintStream progress) {
    long start = System.nanoTime();
    String loadBefore = EngineBenchmark.load();
    int cores = sc.defaultParallelism();
    Problem big = EngineBenchmark.problem(o.width(), o.batch(), o.depth(), o.seed());
    Problem tiny = EngineBenchmark.problem(1, 1, o.depth(), o.seed());
    double[] lambda = lambda(o); // also the quarter-depth problem's: same width and batch
    int p = o.partitions();
    // Each Spark engine's seconds per training step with the given solver settings, on a problem.
    Function<MgritOptions, MgritPropagation> whole = m -> oneShot(o, m, ResidentEngine.factory(sc, p, 1, o.width()))
        .withWholeSteps(new ResidentSteps(sc, p, 1));
    Map<String, Function<MgritOptions, LayerPropagation>> stepped = Map.of(
        STAGES, m -> oneShot(o, m, SparkEngines.factory(sc, p, 1, o.width(), 20)),
        RESIDENT, m -> oneShot(o, m, ResidentEngine.factory(sc, p, 1, o.width())), WHOLE_STEP, whole::apply);
    Map<String, java.util.function.BiFunction<MgritOptions, Problem, Double>> spark = new LinkedHashMap<>();
    for (String e : List.of(STAGES, RESIDENT, WHOLE_STEP)) {
      spark.put(e, (m, problem) -> EngineBenchmark.time(() -> step(stepped.get(e).apply(m), problem, lambda)));
    }
    // The examples of each problem's epochs, made (and broadcast) once.
    Map<Problem, JoinedBatchSource> epochs = new java.util.HashMap<>();
    spark.put(RESIDENT_EPOCH, (m, problem) -> epochSecondsPerStep(whole.apply(m), problem,
        epochs.computeIfAbsent(problem, x -> epochData(x, o.seed())), o.seed()));
    // The whole step's cycles run on the resident engine's task links: its latency per iteration is that engine's.
    Map<String, EngineFactory<double[]>> tinySpark = Map.of(STAGES, SparkEngines.factory(sc, p, 1, 1, 20),
        RESIDENT, ResidentEngine.factory(sc, p, 1, 1));

    say(progress, "%s, %d cores; warming up the JIT and Spark (%s)", sc.master(), cores, EngineBenchmark.load());
    Problem warm = EngineBenchmark.problem(o.width(), Math.min(o.batch(), 64), o.depth(), o.seed());
    double[] warmLambda = new SplittableRandom(o.seed()).doubles(warm.u0().length, -1, 1).toArray();
    for (int w = 0; w < Math.max(1, o.warmups()); w++) {
      step(new SerialPropagation(), warm, warmLambda);
      step(oneShot(o, o.mgrit(), InJvmEngine.factory(p)), warm, warmLambda);
      for (var f : tinySpark.values()) step(oneShot(o, o.mgrit(), f), tiny, new double[] {1});
      step(whole.apply(o.mgrit()), warm, warmLambda);
      spark.get(RESIDENT_EPOCH).apply(o.mgrit(), warm);
    }

    List<double[]> kernels = new ArrayList<>();
    List<Double> twoThreads = new ArrayList<>();
    Map<String, List<Double>> stepTimes = new LinkedHashMap<>(), latency = new LinkedHashMap<>(),
        oneLevel = new LinkedHashMap<>(), oneLevelQuarter = new LinkedHashMap<>();
    Problem quarter = EngineBenchmark.problem(o.width(), o.batch(), Math.max(2, o.depth() / 4), o.seed());
    MgritOptions flat = o.mgrit().withMaxLevels(1);
    for (int r = 0; r < o.rounds(); r++) {
      kernels.add(kernelSeconds(big, lambda));
      twoThreads.add(EngineBenchmark.twoThreads(big));
      add(stepTimes, SERIAL, EngineBenchmark.time(() -> step(new SerialPropagation(), big, lambda)));
      add(stepTimes, IN_JVM, EngineBenchmark.time(() -> step(oneShot(o, o.mgrit(), InJvmEngine.factory(p)), big, lambda)));
      double jvmTiny = perIteration(o, tiny, InJvmEngine.factory(p));
      for (var e : spark.entrySet()) {
        add(stepTimes, e.getKey(), e.getValue().apply(o.mgrit(), big));
        add(oneLevel, e.getKey(), e.getValue().apply(flat, big));
        add(oneLevelQuarter, e.getKey(), e.getValue().apply(flat, quarter));
        if (tinySpark.containsKey(e.getKey())) {
          add(latency, e.getKey(), 1e3 * (perIteration(o, tiny, tinySpark.get(e.getKey())) - jvmTiny));
        }
      }
      say(progress, "round %d of %d: step seconds: serial %.3f, in-JVM %.3f, stage %.3f, resident %.3f, resident whole"
          + " step %.3f, weights in the tasks %.3f; ms per iteration beyond in-JVM: stage %.1f, resident %.2f (%s)",
          r + 1, o.rounds(), last(stepTimes, SERIAL), last(stepTimes, IN_JVM), last(stepTimes, STAGES),
          last(stepTimes, RESIDENT), last(stepTimes, WHOLE_STEP), last(stepTimes, RESIDENT_EPOCH), last(latency, STAGES),
          last(latency, RESIDENT), EngineBenchmark.load());
    }
    double[] k = medians(kernels);
    VectorWork vectors = vectorWork(o, tiny, big);
    StepCostModel model = new StepCostModel(k[0] + vectors.forwardSumsPerStep() * vectors.sumSeconds(),
        k[1] + vectors.adjointSumsPerStep() * vectors.sumSeconds(), k[2], k[3], o.mgrit(), o.forwardIterations(),
        o.backwardIterations());
    double slowdown = Math.max(1, 2 / median(twoThreads));
    return new Measured(sc.master(), cores, loadBefore, o, model, vectors, slowdown, stepTimes, latency, oneLevel, oneLevelQuarter,
        quarter.net().shape().depth(), start);
  }

  /**
   * The resident engine's latency at 2 … 64 tasks in a local context of its own (start it after the
   * context under test is stopped), then each engine's costs and the model's prediction of every
   * measured figure.
   */
  public static Result finish(Measured m, PrintStream progress) {
    Options o = m.options();
    StepCostModel model = m.model();
    int p = o.partitions();
    Placement here = new Placement(p, 1, m.cores(), m.slowdown());
    List<Point> latencies = residentLatencies(o, EngineBenchmark.problem(1, 1, o.depth(), o.seed()), progress);
    double[] line = fitLine(o.tasks(), latencies);
    Map<String, Coordination> engines = new LinkedHashMap<>();
    Map<String, Double> perIterationMs = new LinkedHashMap<>();
    StepCostModel flatModel = model.with(o.mgrit().withMaxLevels(1), 1, 1);
    for (String e : SPARK_ENGINES) {
      boolean resident = !e.equals(STAGES);
      double perIteration = 1e-3 * median(m.latencyMs().get(resident ? RESIDENT : e));
      perIterationMs.put(e, 1e3 * perIteration);
      // The per-task slope of the resident engine's latency comes from its 2 … 64 tasks; its level from the context under test.
      double slope = resident ? line[1] : 0;
      double full = median(m.oneLevel().get(e)) - flatModel.computeSeconds(o.depth(), here);
      double part = median(m.oneLevelQuarter().get(e)) - flatModel.computeSeconds(m.quarterDepth(), here);
      double perLayer = Math.max(0, (full - part) / (o.depth() - m.quarterDepth()));
      engines.put(e, new Coordination(perIteration - slope * p, slope, Math.max(0, full - perLayer * o.depth()), perLayer));
    }
    List<Point> steps = new ArrayList<>();
    steps.add(new Point(SERIAL, Stats.of(toArray(m.stepTimes().get(SERIAL))), model.serialSeconds(o.depth())));
    steps.add(new Point(IN_JVM, Stats.of(toArray(m.stepTimes().get(IN_JVM))),
        model.stepSeconds(o.depth(), new Placement(p, 1, 1, 1), Coordination.NONE)));
    for (String e : engines.keySet()) {
      steps.add(new Point(e, Stats.of(toArray(m.stepTimes().get(e))), model.stepSeconds(o.depth(), here, engines.get(e))));
    }
    int levels = model.hierarchy(o.depth()).numLevels();
    return new Result(Machine.probe(), m.master(), m.cores(), m.loadBefore(), EngineBenchmark.load(), o, levels, model,
        m.vectors(),
        m.slowdown(), engines, steps, perIterationMs, latencies, (System.nanoTime() - m.startNanos()) * 1e-9);
  }

  /** The resident engine's seconds per iteration beyond the in-JVM engine at each task count, and the model's line. */
  private static List<Point> residentLatencies(Options o, Problem tiny, PrintStream progress) {
    Map<Integer, Stats> measured = new LinkedHashMap<>();
    int most = o.tasks().stream().mapToInt(Integer::intValue).max().orElse(2);
    try (JavaSparkContext local = OverheadBenchmark.context(most)) {
      for (int t : o.tasks()) {
        EngineFactory<double[]> f = ResidentEngine.factory(local, t, 1, 1);
        for (int w = 0; w < Math.max(1, o.warmups()); w++) step(oneShot(o, o.mgrit(), f), tiny, new double[] {1});
        double[] s = new double[o.rounds()];
        for (int r = 0; r < o.rounds(); r++) {
          double jvm = perIteration(o, tiny, InJvmEngine.factory(t)), resident = perIteration(o, tiny, f);
          s[r] = resident - jvm;
        }
        measured.put(t, Stats.of(s));
        say(progress, "%d tasks: resident engine %.2f ms per iteration beyond the in-JVM engine (%s)", t,
            1e3 * measured.get(t).median(), EngineBenchmark.load());
      }
    }
    List<Point> points = new ArrayList<>();
    for (var e : measured.entrySet()) points.add(new Point(e.getKey() + " tasks", e.getValue(), Double.NaN));
    double[] line = fitLine(o.tasks(), points);
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      out.add(new Point(points.get(i).name(), points.get(i).measured(), line[0] + line[1] * o.tasks().get(i)));
    }
    return out;
  }

  private static double perIteration(Options o, Problem tiny, EngineFactory<double[]> f) {
    return 1e-3 * OverheadBenchmark.perIterationAndSolve(OverheadBenchmark.solveSeconds(tiny, o.mgrit(),
        o.fewIterations(), o.manyIterations(), f), o.fewIterations(), o.manyIterations())[0];
  }

  /**
   * Ordinary least squares for latency = a + b · tasks through the medians. Not relative error:
   * the medians at few tasks are differences of two noisy timings that can land near zero or below
   * it, and weighting them by 1 / measured² let one such point fix the line.
   */
  static double[] fitLine(List<Integer> tasks, List<Point> points) {
    int n = points.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      double y = points.get(i).measured().median(), x = tasks.get(i);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double det = n * sxx - sx * sx;
    if (n < 2 || det == 0) return new double[] {n == 0 ? 0 : sy / n, 0};
    double b = (n * sxy - sx * sy) / det;
    return new double[] {(sy - b * sx) / n, b};
  }

  /**
   * One training step's propagation: forward trajectory, then adjoints and the weight gradient; or,
   * where the propagation runs it whole, the same with the classifier between (labels from the
   * signs of λ_N's first row), a few thousandths of a step's work.
   */
  static double step(LayerPropagation prop, Problem p, double[] lambdaN) {
    double[] grad = new double[p.net().shape().size()];
    int[] labels = new int[p.u0().length / p.net().shape().width()];
    for (int j = 0; j < labels.length; j++) labels[j] = lambdaN[j * p.net().shape().width()] > 0 ? 1 : 0;
    LayerPropagation.WholeStep whole = prop.wholeStep(p.net(), p.u0(), labels, grad, 0);
    if (whole != null) return whole.lambda0()[0] + grad[0];
    Trajectory forward = prop.trajectory(p.net(), p.u0(), 0);
    double[] lambda0 = prop.backward(p.net(), forward, lambdaN, grad, 0);
    return lambda0[0] + grad[0];
  }

  /**
   * An epoch of {@link #EPOCH_STEPS} minibatches of the problem's batch size, of random examples
   * whose features are the problem's width (so that opening them costs one layer's product).
   */
  static JoinedBatchSource epochData(Problem p, long seed) {
    NetworkShape shape = p.net().shape();
    int n = EPOCH_STEPS * (p.u0().length / shape.width());
    SplittableRandom rng = new SplittableRandom(seed + 3);
    double[] features = rng.doubles((long) n * shape.inputDim(), -1, 1).toArray();
    int[] labels = rng.ints(n, 0, shape.numClasses()).toArray();
    return new JoinedBatchSource(List.of(new Examples(shape.inputDim(), shape.numClasses(), features, labels)));
  }

  /**
   * Seconds per step of an epoch of {@code data} trained with Adam: with {@code whole}'s resident
   * steps the epoch runs in one barrier stage, the weights in the tasks ({@code ResidentEpochs}).
   * Refuses to time anything else under that name: an epoch that went step by step.
   */
  static double epochSecondsPerStep(MgritPropagation whole, Problem p, JoinedBatchSource data, long seed) {
    NetworkShape shape = p.net().shape();
    TrainingSettings s = new TrainingSettings(1, p.u0().length / shape.width(),
        Optimizer.Settings.defaults(Optimizer.Kind.ADAM), Regularization.none(), 1.0, false, 2, 1, seed,
        TrainingSettings.Gradients.DRIVER);
    Progress quiet = Progress.forMode("quiet", new PrintStream(java.io.OutputStream.nullOutputStream()));
    TrainingResult r = new Trainer(data, null, whole, quiet).train(shape, p.net().parameters(), s, 0, 0);
    if (((ResidentSteps) whole.wholeSteps()).stepsRun() > 0) {
      throw new IllegalStateException("the epoch did not run with the weights in the tasks (too few task slots?)");
    }
    return r.seconds() / r.steps();
  }

  private static volatile double kept;

  /** Counts the steps and the sums the cycle asks of a stepper. */
  private static final class Counting implements TimeStepper<double[]> {
    private final TimeStepper<double[]> inner;
    long steps, sums;

    Counting(TimeStepper<double[]> inner) { this.inner = inner; }

    @Override
    public double[] step(double[] u, double[] aux, int level, int from, int to, double tstart, double tstop) {
      steps++;
      return inner.step(u, aux, level, from, to, tstart, tstop);
    }

    @Override
    public double[] sum(double a, double[] x, double b, double[] y) {
      sums++;
      return inner.sum(a, x, b, y);
    }

    @Override
    public double norm(double[] v) { return inner.norm(v); }

    @Override
    public boolean coarseAuxFromLastFineStep() { return inner.coarseAuxFromLastFineStep(); }
  }

  /** Sums per step of the one-shot solves, counted on {@code tiny}; a sum timed at {@code big}'s size. */
  static VectorWork vectorWork(Options o, Problem tiny, Problem big) {
    ResNet net = tiny.net();
    NetworkShape shape = net.shape();
    Hierarchy h = new Hierarchy(shape.depth(), 0, shape.finalTime(), o.mgrit());
    Counting forward = new Counting(new ResNetForwardStepper(net, CoarseWeights.MEAN));
    try (InJvmEngine<double[]> e = new InJvmEngine<>(h, forward, o.partitions())) {
      e.initialize(java.util.Collections.nCopies(shape.depth() + 1, tiny.u0()), null);
      e.solve(new Mgrit<>(h, o.mgrit().withTolerance(0, 0).withMaxIter(o.forwardIterations())));
    }
    double[][] states = new SerialPropagation().forward(net, tiny.u0(), 0);
    Counting adjoint = new Counting(new ResNetAdjointStepper(net, CoarseWeights.MEAN));
    try (InJvmEngine<double[]> e = new InJvmEngine<>(h, adjoint, o.partitions())) {
      e.initialize(java.util.Collections.nCopies(shape.depth() + 1, tiny.u0()), ResNetAdjointStepper.auxFor(states));
      e.solve(new Mgrit<>(h, o.mgrit().withTolerance(0, 0).withMaxIter(o.backwardIterations())));
    }
    // As the engine sums: fresh arrays of the full width and batch.
    double[] x = big.u0(), y = x.clone();
    TimeStepper<double[]> stepper = new ResNetForwardStepper(big.net(), CoarseWeights.MEAN);
    int reps = 400;
    double sink = 0;
    for (int i = 0; i < reps / 4; i++) sink += stepper.sum(1, x, -1, y)[0];
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) sink += stepper.sum(1, x, -1, y)[0];
    double seconds = (System.nanoTime() - t0) * 1e-9 / reps;
    kept = sink; // read, so that the sums cannot be left out as unused
    return new VectorWork((double) forward.sums / forward.steps, (double) adjoint.sums / Math.max(1, adjoint.steps), seconds);
  }

  private static MgritPropagation oneShot(Options o, MgritOptions settings, EngineFactory<double[]> f) {
    return MgritPropagation.oneShot(settings, o.forwardIterations(), o.backwardIterations(), false, CoarseWeights.MEAN, f)
        .stoppingOnFailure();
  }

  private static double[] lambda(Options o) {
    return new SplittableRandom(o.seed() + 2).doubles((long) o.width() * o.batch(), -1, 1).toArray();
  }

  /**
   * Seconds per layer, at full width and batch on this thread, of MGRIT's forward step, adjoint step
   * and layer gradient, and of serial propagation's layer (forward keeping σ', then the adjoint step
   * that adds the gradient): each timed over the whole chain, as the steps it predicts run.
   */
  private static double[] kernelSeconds(Problem p, double[] lambdaN) {
    ResNet net = p.net();
    int n = net.shape().depth();
    double h = net.shape().stepSize();
    double[][] states = new double[n + 1][];
    states[0] = p.u0();
    double t0 = System.nanoTime();
    for (int i = 0; i < n; i++) states[i + 1] = net.step(i, h, states[i]);
    double forward = (System.nanoTime() - t0) * 1e-9 / n;
    ResNetAdjointStepper adjoint = new ResNetAdjointStepper(net, CoarseWeights.MEAN);
    List<double[]> aux = ResNetAdjointStepper.auxFor(states);
    double[][] lambdas = new double[n + 1][];
    lambdas[0] = lambdaN;
    t0 = System.nanoTime();
    for (int i = 0; i < n; i++) lambdas[i + 1] = adjoint.step(lambdas[i], aux.get(i), 0, i, i + 1, i * h, (i + 1) * h);
    double back = (System.nanoTime() - t0) * 1e-9 / n;
    double[] grad = new double[net.shape().size()];
    t0 = System.nanoTime();
    for (int i = 0; i < n; i++) net.layerGradient(n - i - 1, h, aux.get(i), lambdas[i], grad);
    double gradient = (System.nanoTime() - t0) * 1e-9 / n;
    t0 = System.nanoTime();
    SerialPropagation serial = new SerialPropagation();
    serial.backward(net, serial.trajectory(net, p.u0(), 0), lambdaN, grad, 0);
    double serialLayer = (System.nanoTime() - t0) * 1e-9 / n;
    return new double[] {forward, back, gradient, serialLayer};
  }

  private static void add(Map<String, List<Double>> m, String key, double value) {
    m.computeIfAbsent(key, x -> new ArrayList<>()).add(value);
  }

  private static double last(Map<String, List<Double>> m, String key) {
    List<Double> l = m.get(key);
    return l.get(l.size() - 1);
  }

  private static double[] toArray(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }

  private static double median(List<Double> l) { return Stats.of(toArray(l)).median(); }

  private static double[] medians(List<double[]> rows) {
    double[] m = new double[rows.get(0).length];
    for (int j = 0; j < m.length; j++) {
      int col = j;
      m[j] = Stats.of(rows.stream().mapToDouble(r -> r[col]).toArray()).median();
    }
    return m;
  }

  private static void say(PrintStream p, String format, Object... args) {
    if (p != null) p.println(String.format(Locale.ROOT, format, args));
  }
}
