package org.layerbraid.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.bench.EngineBenchmark.Problem;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.engine.ResidentEngine;
import org.layerbraid.engine.SparkEngines;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;

/**
 * What the Spark engines cost beyond compute: MGRIT solves of a tiny network (width 1, batch 1, so
 * the arithmetic is negligible) at a training depth, on the in-JVM engine, the stage engine and the
 * resident engine, in one Spark context, in rounds that alternate the engines so a drift of the
 * machine's speed hits them alike. Two iteration counts per engine separate the cost of one
 * iteration from what a solve pays once (stage start, rendezvous, reading the states); what an
 * engine takes beyond the in-JVM engine is its non-compute cost (an engine whose tasks step blocks
 * on several threads can come out below the in-JVM engine). A second part runs the resident engine with 2 … 64 tasks (threads
 * of one local context: coordination, not compute) for the latency of an iteration against the
 * number of tasks; the stage engine, at seconds per iteration, is left out there.
 */
public final class OverheadBenchmark {
  private OverheadBenchmark() {}

  public record Options(int depth, int cfactor, int nrelax, int partitions, int rounds, int warmups, int fewIterations,
      int manyIterations, List<Integer> tasks, long seed) {
    MgritOptions mgrit(int iterations) {
      return MgritOptions.DEFAULTS.withCfactors(cfactor).withNrelax(nrelax).withTolerance(0, 0).withMaxIter(iterations)
          .withSkip(true);
    }
  }

  /** Per round, by engine (the in-JVM one included): milliseconds per iteration, and what a solve pays once. */
  public record Round(Map<String, double[]> perIterationAndSolve) {}

  public record Result(Machine machine, String loadBefore, String loadAfter, Options options, int levels,
      List<Round> rounds, Map<Integer, Stats> residentPerIterationByTasks, Map<Integer, Stats> inJvmPerIterationByTasks,
      double seconds) {

    /** One engine's milliseconds per iteration over the rounds. */
    public Stats perIteration(String engine) {
      return Stats.of(rounds.stream().mapToDouble(r -> r.perIterationAndSolve().get(engine)[0]).toArray());
    }

    /** One engine's milliseconds per iteration beyond the in-JVM engine's, round by round. */
    public Stats beyondInJvm(String engine) {
      return Stats.of(rounds.stream().mapToDouble(r -> r.perIterationAndSolve().get(engine)[0]
          - r.perIterationAndSolve().get(IN_JVM)[0]).toArray());
    }

    public Stats perSolve(String engine) {
      return Stats.of(rounds.stream().mapToDouble(r -> r.perIterationAndSolve().get(engine)[1]).toArray());
    }

    /**
     * Resident ÷ stage engine, per iteration, round by round: of whole times, which hold the tiny
     * chain's compute on both sides, so the ratio of what is not compute is smaller still.
     */
    public Stats ratio() {
      return Stats.of(rounds.stream().mapToDouble(r -> r.perIterationAndSolve().get(RESIDENT)[0]
          / r.perIterationAndSolve().get(STAGES)[0]).toArray());
    }
  }

  static final String IN_JVM = "in-JVM engine";
  static final String STAGES = "stage engine";
  static final String RESIDENT = "resident engine";

  public static Result run(Options o, PrintStream progress) {
    long start = System.nanoTime();
    String loadBefore = EngineBenchmark.load();
    Problem tiny = EngineBenchmark.problem(1, 1, o.depth(), o.seed());
    int levels = new Hierarchy(o.depth(), 0, 1, o.mgrit(1)).numLevels();
    List<Round> rounds = new ArrayList<>();
    try (JavaSparkContext sc = context(o.partitions())) {
      Map<String, IntFunction<EngineFactory<double[]>>> engines = new LinkedHashMap<>();
      engines.put(STAGES, p -> SparkEngines.factory(sc, p, 1, 1, 20));
      engines.put(RESIDENT, p -> ResidentEngine.factory(sc, p, 1, 1));
      warmUp(tiny, o, engines, o.partitions());
      engines.put(IN_JVM, InJvmEngine::factory);
      for (int r = 0; r < o.rounds(); r++) {
        Map<String, double[]> round = new LinkedHashMap<>();
        for (var e : engines.entrySet()) {
          round.put(e.getKey(), perIterationAndSolve(solveSeconds(tiny, o, e.getValue().apply(o.partitions())), o));
        }
        rounds.add(new Round(round));
        say(progress, "round %d of %d: ms per iteration: stage engine %.1f, resident engine %.2f, in-JVM engine %.2f (%s)",
            r + 1, o.rounds(), round.get(STAGES)[0], round.get(RESIDENT)[0], round.get(IN_JVM)[0], EngineBenchmark.load());
      }
    }
    Map<Integer, Stats> resident = new LinkedHashMap<>(), inJvm = new LinkedHashMap<>();
    int most = o.tasks().stream().mapToInt(Integer::intValue).max().orElse(2);
    try (JavaSparkContext sc = context(most)) {
      for (int p : o.tasks()) {
        Map<String, IntFunction<EngineFactory<double[]>>> engines = Map.of(RESIDENT, q -> ResidentEngine.factory(sc, q, 1, 1));
        warmUp(tiny, o, engines, p);
        double[] rs = new double[o.rounds()], js = new double[o.rounds()];
        for (int r = 0; r < o.rounds(); r++) {
          js[r] = perIterationAndSolve(solveSeconds(tiny, o, InJvmEngine.factory(p)), o)[0];
          rs[r] = perIterationAndSolve(solveSeconds(tiny, o, engines.get(RESIDENT).apply(p)), o)[0];
        }
        resident.put(p, Stats.of(rs));
        inJvm.put(p, Stats.of(js));
        say(progress, "%d tasks: ms per iteration: resident engine %.2f, in-JVM engine %.2f (%s)", p,
            resident.get(p).median(), inJvm.get(p).median(), EngineBenchmark.load());
      }
    }
    return new Result(Machine.probe(), loadBefore, EngineBenchmark.load(), o, levels, rounds, resident, inJvm,
        (System.nanoTime() - start) * 1e-9);
  }

  static JavaSparkContext context(int cores) {
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[" + cores + "]")
        .setAppName("layerbraid bench overhead").set("spark.ui.enabled", "false"));
    sc.setLogLevel("WARN");
    return sc;
  }

  /** Lets the JIT compile Spark's scheduler and the engines' code, so the timings are of a steady state. */
  private static void warmUp(Problem tiny, Options o, Map<String, IntFunction<EngineFactory<double[]>>> engines,
      int partitions) {
    for (int w = 0; w < o.warmups(); w++) {
      for (var e : engines.values()) solveSeconds(tiny, o, e.apply(partitions));
    }
  }

  /** Seconds of a solve of few and of many iterations. */
  private static double[] solveSeconds(Problem p, Options o, EngineFactory<double[]> f) {
    return solveSeconds(p, o.mgrit(1), o.fewIterations(), o.manyIterations(), f);
  }

  /** Seconds of a solve of {@code few} and of {@code many} iterations with these settings (tolerance 0). */
  static double[] solveSeconds(Problem p, MgritOptions settings, int few, int many, EngineFactory<double[]> f) {
    MgritOptions fixed = settings.withTolerance(0, 0);
    return new double[] {EngineBenchmark.time(() -> EngineBenchmark.mgrit(p, fixed.withMaxIter(few), f)),
        EngineBenchmark.time(() -> EngineBenchmark.mgrit(p, fixed.withMaxIter(many), f))};
  }

  private static double[] perIterationAndSolve(double[] seconds, Options o) {
    return perIterationAndSolve(seconds, o.fewIterations(), o.manyIterations());
  }

  /** Milliseconds per iteration and once per solve, from solves of two iteration counts. */
  static double[] perIterationAndSolve(double[] seconds, int few, int many) {
    double perIteration = (seconds[1] - seconds[0]) / (many - few);
    return new double[] {1e3 * perIteration, 1e3 * (seconds[0] - few * perIteration)};
  }

  /** The figures as Markdown. */
  public static String table(Result r) {
    StringBuilder s = new StringBuilder();
    Options o = r.options();
    s.append("machine: ").append(r.machine().describe()).append('\n');
    s.append(r.loadBefore()).append(" before, ").append(r.loadAfter()).append(" after\n\n");
    s.append(String.format(Locale.ROOT, "Non-compute time of MGRIT on a tiny network (width 1, batch 1), depth %d (%d levels),"
        + " cfactor %d, %s, %d layer partitions, local[%d]; solves of %d and %d iterations, %d rounds alternating the"
        + " engines:%n%n", o.depth(), r.levels(), o.cfactor(), o.nrelax() == 0 ? "F-relaxation" : "FCF",
        o.partitions(), o.partitions(), o.fewIterations(), o.manyIterations(), o.rounds()));
    s.append("| engine | ms per iteration (median, min–max) | beyond the in-JVM engine | ms per solve once |\n"
        + "|---|---|---|---|\n");
    for (String e : List.of(IN_JVM, STAGES, RESIDENT)) {
      Stats it = r.perIteration(e), beyond = r.beyondInJvm(e), once = r.perSolve(e);
      s.append(String.format(Locale.ROOT, "| %s | %.2f (%.2f–%.2f) | %.2f | %.1f |%n", e, it.median(), it.min(), it.max(),
          beyond.median(), once.median()));
    }
    Stats ratio = r.ratio();
    s.append(String.format(Locale.ROOT, "%nresident ÷ stage engine, per iteration: median %.3f (%.3f–%.3f) over %d rounds%n",
        ratio.median(), ratio.min(), ratio.max(), ratio.samples()));
    s.append("\nThe resident engine's ms per iteration against the number of tasks (threads of one local context:"
        + " coordination, not compute):\n\n");
    s.append("| tasks | resident engine, ms per iteration (median, min–max) | in-JVM engine, same blocks |\n|---|---|---|\n");
    for (var e : r.residentPerIterationByTasks().entrySet()) {
      s.append(String.format(Locale.ROOT, "| %d | %.2f (%.2f–%.2f) | %.2f |%n", e.getKey(), e.getValue().median(),
          e.getValue().min(), e.getValue().max(), r.inJvmPerIterationByTasks().get(e.getKey()).median()));
    }
    return s.toString();
  }

  /** The figures for scripts: non-compute ms per iteration by engine, and by number of tasks. */
  public static byte[] json(Result r) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> perIteration = new LinkedHashMap<>();
    for (String e : List.of(STAGES, RESIDENT)) perIteration.put(e, r.beyondInJvm(e).median());
    root.put("overhead_ms_per_iteration", perIteration);
    Map<String, Object> whole = new LinkedHashMap<>();
    for (String e : List.of(IN_JVM, STAGES, RESIDENT)) whole.put(e, r.perIteration(e).median());
    root.put("ms_per_iteration", whole);
    root.put("resident_over_stage", r.ratio().median());
    Map<String, Object> byTasks = new LinkedHashMap<>();
    for (var e : r.residentPerIterationByTasks().entrySet()) byTasks.put(Integer.toString(e.getKey()), e.getValue().median());
    root.put("resident_ms_per_iteration_by_tasks", byTasks);
    root.put("machine", org.layerbraid.report.RecordFields.of(r.machine()));
    root.put("depth", r.options().depth());
    root.put("rounds", r.options().rounds());
    return org.layerbraid.report.Json.pretty(root);
  }

  private static void say(PrintStream p, String format, Object... args) {
    if (p != null) p.println(String.format(Locale.ROOT, format, args));
  }
}
