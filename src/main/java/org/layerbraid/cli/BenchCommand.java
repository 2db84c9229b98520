package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerbraid.bench.BlasChoice;
import org.layerbraid.bench.EngineBenchmark;
import org.layerbraid.bench.EpochBenchmark;
import org.layerbraid.bench.OverheadBenchmark;
import org.layerbraid.bench.StepBenchmark;
import org.layerbraid.bench.StepReport;
import org.layerbraid.bench.EngineReport;
import org.layerbraid.bench.GradientBenchmark;
import org.layerbraid.bench.KernelBenchmark;
import org.layerbraid.bench.KernelOptions;
import org.layerbraid.bench.KernelReport;
import org.layerbraid.bench.Machine;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.LoadedData;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.QuietProgress;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.RunSettings;
import org.layerbraid.study.MlpComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code layerbraid bench <benchmark>}: micro-benchmarks that run in the driver JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; every figure comes with a baseline measured in the same run and the machine.",
    subcommands = {BenchCommand.Kernel.class, BenchCommand.EngineBench.class, BenchCommand.Overhead.class,
        BenchCommand.Gradients.class, BenchCommand.Mllib.class, BenchCommand.Step.class, BenchCommand.Epoch.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.out);
    return 0;
  }

  @Command(name = "kernel", mixinStandardHelpOptions = true,
      description = {
          "Forward+backward throughput of the residual-layer kernel (ResNet.step keeping σ' + ResNet.stepAdjoint) "
              + "beside the raw matrix products of the same shapes (Mat.gemm), in GFLOP/s, for each BLAS "
              + "implementation, all timed side by side in one run.",
          "Set OPENBLAS_NUM_THREADS=1 for native BLAS; force the Java fallback for a whole run with "
              + "-Ddev.ludovic.netlib.blas.allowNative=false."})
  static final class Kernel implements Callable<Integer> {
    @Option(names = "--widths", split = ",", paramLabel = "W", description = "network widths (default: ${DEFAULT-VALUE})",
        defaultValue = "8,64,128")
    List<Integer> widths;

    @Option(names = "--batches", split = ",", paramLabel = "B", description = "batch sizes (default: ${DEFAULT-VALUE})",
        defaultValue = "256,1024,4096")
    List<Integer> batches;

    @Option(names = "--blas", paramLabel = "LIST",
        description = "auto (every implementation that loads), native, java, or native,java (default: ${DEFAULT-VALUE})",
        defaultValue = "auto")
    String blas;

    @Option(names = "--min-time", paramLabel = "SECONDS",
        description = "minimum timed seconds of every series in every cell (default: ${DEFAULT-VALUE})", defaultValue = "0.5")
    double minSeconds;

    @Option(names = "--warmup", paramLabel = "SECONDS",
        description = "untimed warm-up of every series (default: ${DEFAULT-VALUE})", defaultValue = "0.2")
    double warmupSeconds;

    @Option(names = "--min-rounds", paramLabel = "N", description = "minimum samples per series (default: ${DEFAULT-VALUE})",
        defaultValue = "5")
    int minRounds;

    @Option(names = "--activation", description = "tanh, relu or smoothrelu (default: ${DEFAULT-VALUE})",
        defaultValue = "smoothrelu")
    String activation;

    @Option(names = "--bias", description = "scalar or channel (default: ${DEFAULT-VALUE})", defaultValue = "scalar")
    String bias;

    @Option(names = "--seed", description = "weights and inputs (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--json", paramLabel = "FILE",
        description = "also write the results as JSON, with kernel_over_gemm: {\"WIDTHxBATCH\": ratio} of the first BLAS")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the results as CSV, one row per cell")
    Path csv;

    @Option(names = "--quiet", description = "no progress lines on stderr")
    boolean quiet;

    @Override
    public Integer call() {
      KernelOptions options = new KernelOptions(widths, batches, BlasChoice.parseList(blas), minSeconds,
          warmupSeconds, minRounds, Activation.parse(activation), BiasMode.parse(bias), 1.0 / 32, seed);
      KernelReport report = KernelBenchmark.run(options, quiet ? null : System.err);
      System.out.print(report.table());
      writeResults(() -> {
        if (json != null) AtomicFiles.write(json, report.json().getBytes(StandardCharsets.UTF_8));
        if (csv != null) AtomicFiles.write(csv, report.csv().getBytes(StandardCharsets.UTF_8));
      });
      return 0;
    }
  }

  @Command(name = "engine", mixinStandardHelpOptions = true,
      description = {
          "One forward MGRIT solve of a fixed number of iterations timed on serial propagation, the in-JVM "
              + "engine and the Spark engine in local[c] contexts started one after another in this JVM; stages per "
              + "iteration and Spark's time per stage from a tiny network; a cost model of the speed-up on P executors.",
          "Ignores spark-submit's --master: it starts its own local contexts."})
  static final class EngineBench implements Callable<Integer> {
    @Option(names = "--depth", defaultValue = "1024", description = "layers N (default: ${DEFAULT-VALUE})") int depth;
    @Option(names = "--width", defaultValue = "64", description = "channels of every layer (default: ${DEFAULT-VALUE})") int width;
    @Option(names = "--batch", defaultValue = "1024", description = "examples propagated per solve (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--iterations", defaultValue = "2", description = "MGRIT iterations, tolerance 0 (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--cfactor", defaultValue = "4", description = "coarsening factor (default: ${DEFAULT-VALUE})") int cfactor;
    @Option(names = "--nrelax", defaultValue = "1", description = "0 = F, 1 = FCF (default: ${DEFAULT-VALUE})") int nrelax;
    @Option(names = "--cores", split = ",", defaultValue = "1,2", description = "local[c] contexts, in order (default: ${DEFAULT-VALUE})")
    List<Integer> cores;
    @Option(names = "--partitions", split = ",", defaultValue = "2", description = "layer partitions (default: ${DEFAULT-VALUE})")
    List<Integer> partitions;
    @Option(names = "--repeats", defaultValue = "3", description = "timed rounds per configuration (default: ${DEFAULT-VALUE})")
    int repeats;
    @Option(names = "--paired-rounds", defaultValue = "5", description = "in the local[2] context, rounds that time"
        + " the resident engine on 1 task, on 2 tasks and two threads of plain compute, one after another"
        + " (default: ${DEFAULT-VALUE})")
    int pairedRounds;
    @Option(names = "--tiny-repeats", defaultValue = "3", description = "timed rounds of the tiny network (default: ${DEFAULT-VALUE})")
    int tinyRepeats;
    @Option(names = "--model-iterations", defaultValue = "8", description = "iterations to 1e-9 assumed by the model (default: ${DEFAULT-VALUE})")
    int modelIterations;
    @Option(names = "--model-executors", split = ",", defaultValue = "16,64,256,1024", description = "executor counts the cost model predicts for (default: ${DEFAULT-VALUE})")
    List<Integer> modelExecutors;
    @Option(names = "--model-depths", split = ",", defaultValue = "1024,4096,16384", description = "depths the cost model predicts for (default: ${DEFAULT-VALUE})")
    List<Integer> modelDepths;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and inputs (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--plot", paramLabel = "FILE", description = "write the predicted speed-up curves as PNG") Path plot;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the tables to this file") Path out;
    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;

    @Override
    public Integer call() {
      if (depth < 2 * cfactor) throw new IllegalArgumentException("--depth must be at least 2·cfactor, got " + depth);
      if (width < 1 || batch < 1 || iterations < 1 || repeats < 1 || tinyRepeats < 1) {
        throw new IllegalArgumentException("width, batch, iterations and repeats must be >= 1");
      }
      EngineBenchmark.Options o = new EngineBenchmark.Options(depth, width, batch, iterations, cfactor, nrelax, cores,
          partitions, repeats, tinyRepeats, modelIterations, modelExecutors, modelDepths, seed, pairedRounds);
      EngineBenchmark.Result r = EngineBenchmark.run(o, quiet ? null : System.err);
      String table = EngineReport.table(r);
      System.out.print(table);
      writeResults(() -> {
        if (out != null) AtomicFiles.write(out, table.getBytes(StandardCharsets.UTF_8));
        if (plot != null) EngineReport.chart(r, plot);
      });
      return 0;
    }
  }

  @Command(name = "overhead", mixinStandardHelpOptions = true,
      description = {
          "What the Spark engines cost beyond compute, per MGRIT iteration and per solve: solves of a tiny network "
              + "(width 1, batch 1) on the in-JVM, stage and resident engines in one local context, in rounds that "
              + "alternate them; then the resident and stage engines' cost per iteration against the number of tasks.",
          "Ignores spark-submit's --master: it starts its own local contexts."})
  static final class Overhead implements Callable<Integer> {
    @Option(names = "--depth", defaultValue = "1024", description = "layers N (default: ${DEFAULT-VALUE})") int depth;
    @Option(names = "--cfactor", defaultValue = "2", description = "default: ${DEFAULT-VALUE}, as training ships") int cfactor;
    @Option(names = "--nrelax", defaultValue = "1", description = "0 = F, 1 = FCF (default: ${DEFAULT-VALUE})") int nrelax;
    @Option(names = "--partitions", defaultValue = "2", description = "layer partitions, and the cores of the first"
        + " context (default: ${DEFAULT-VALUE})") int partitions;
    @Option(names = "--rounds", defaultValue = "5", description = "paired rounds (default: ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--warmup", defaultValue = "3", description = "untimed solves per engine first, so the JIT has"
        + " compiled Spark's scheduler and the engines (default: ${DEFAULT-VALUE})") int warmups;
    @Option(names = "--iterations", split = ",", defaultValue = "2,6",
        description = "the two iteration counts whose difference gives the cost of one (default: ${DEFAULT-VALUE})")
    int[] iterations;
    @Option(names = "--tasks", split = ",", defaultValue = "2,4,8,16,32,64",
        description = "task counts of the second part (default: ${DEFAULT-VALUE})") List<Integer> tasks;
    @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON") Path json;
    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;

    @Override
    public Integer call() {
      if (iterations.length != 2 || iterations[0] < 1 || iterations[1] <= iterations[0]) {
        throw new IllegalArgumentException("--iterations must be two counts, the second larger, got "
            + java.util.Arrays.toString(iterations));
      }
      if (depth < 2 * cfactor || partitions < 1 || rounds < 1) {
        throw new IllegalArgumentException("--depth must be at least 2·cfactor, --partitions and --rounds at least 1");
      }
      OverheadBenchmark.Options o = new OverheadBenchmark.Options(depth, cfactor, nrelax, partitions, rounds, warmups,
          iterations[0], iterations[1], tasks, seed);
      OverheadBenchmark.Result r = OverheadBenchmark.run(o, quiet ? null : System.err);
      System.out.print(OverheadBenchmark.table(r));
      writeResults(() -> {
        if (json != null) AtomicFiles.write(json, OverheadBenchmark.json(r));
      });
      return 0;
    }
  }

  @Command(name = "gradients", mixinStandardHelpOptions = true,
      description = {
          "One full-batch loss and gradient on Peaks timed where train.gradients can put it: a Spark job over the "
              + "training set's partitions, or the same blocks summed in the driver; for several depths, beside a "
              + "Spark job that does nothing, the three timed one after another in every round.",
          "Ignores spark-submit's --master: it starts its own local context."})
  static final class Gradients implements Callable<Integer> {
    @Option(names = "--depths", split = ",", defaultValue = "8,32,128", description = "layers (default: ${DEFAULT-VALUE})")
    List<Integer> depths;
    @Option(names = "--width", defaultValue = "8", description = "channels of every layer (default: ${DEFAULT-VALUE})") int width;
    @Option(names = "--per-class", defaultValue = "1000", description = "Peaks points per class (default: ${DEFAULT-VALUE})")
    int perClass;
    @Option(names = "--partitions", defaultValue = "2", description = "data partitions (default: ${DEFAULT-VALUE})")
    int partitions;
    @Option(names = "--cores", defaultValue = "2", description = "local[c] (default: ${DEFAULT-VALUE})") int cores;
    @Option(names = "--rounds", defaultValue = "50", description = "timed rounds per depth (default: ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and inputs (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the table to this file") Path out;
    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;

    @Override
    public Integer call() {
      if (depths.stream().anyMatch(d -> d < 1) || width < 1 || perClass < 1 || partitions < 1 || cores < 1 || rounds < 1) {
        throw new IllegalArgumentException("--depths, --width, --per-class, --partitions, --cores and --rounds must be >= 1,"
            + " got depths " + depths + ", width " + width + ", per class " + perClass + ", partitions " + partitions
            + ", cores " + cores + ", rounds " + rounds);
      }
      GradientBenchmark.Result r = GradientBenchmark.run(new GradientBenchmark.Options(depths, width, perClass,
          partitions, cores, rounds, seed), quiet ? null : System.err);
      String table = GradientBenchmark.table(r);
      System.out.print(table);
      writeResults(() -> {
        if (out != null) AtomicFiles.write(out, table.getBytes(StandardCharsets.UTF_8));
      });
      return 0;
    }
  }

  @Command(name = "mllib", mixinStandardHelpOptions = true,
      description = {
          "layerbraid's training as the config says against MLlib's MultilayerPerceptronClassifier, in one JVM: the same"
              + " training examples and target set (Peaks grid, else test, else validation), the same BLAS, both warm, both"
              + " measured outside their clocks; every round trains layerbraid once, then MLlib once per hidden-layer set.",
          "MLlib runs L-BFGS as one continuous fit per point of its curve: a fit of each --mllib-iterations value from the"
              + " same start (L-BFGS is deterministic, so it ends where one long fit is after that many iterations, and its"
              + " time is the time that fit takes to get there); restarting from the last weights would reset L-BFGS's memory.",
          "Prints accuracy against time, the time each arm needs to reach each threshold and medians over rounds."})
  static final class Mllib implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "a train config: what layerbraid trains and on which data")
    Path config;

    @Option(names = "--mllib-hidden", paramLabel = "SETS", defaultValue = "64;128;32,32",
        description = "MLlib hidden-layer sets separated by ';', the first being the one --json reports (default: ${DEFAULT-VALUE})")
    String hidden;

    @Option(names = "--mllib-iterations", split = ",", paramLabel = "N", defaultValue = "10,25,50,100,200",
        description = "maxIter of MLlib's fits, increasing: one point each (default: ${DEFAULT-VALUE})")
    int[] iterations;

    @Option(names = "--rounds", defaultValue = "3", description = "paired rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--every", defaultValue = "10", paramLabel = "EPOCHS",
        description = "measure layerbraid's target set every this many epochs (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--warmup-epochs", defaultValue = "3", description = "layerbraid's untimed warm-up run (default: ${DEFAULT-VALUE})")
    int warmupEpochs;

    @Option(names = "--thresholds", split = ",", defaultValue = "0.8,0.85,0.87,0.89,0.9,0.95,0.97,0.977",
        description = "accuracies whose first crossing is reported (default: ${DEFAULT-VALUE})")
    double[] thresholds;

    @Option(names = "--json", paramLabel = "FILE", description = "also write {\"layerbraid\": {best_accuracy,"
        + " time_to_mllib_best_s, accuracy_at_mllib_time}, \"mllib\": {best_accuracy, time_s}}, medians over rounds")
    Path json;

    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;

    @Parameters(paramLabel = "key=value", description = "settings that override the config file")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
      RunSettings s = RunSettings.from(Config.load(config).with(overrides));
      MlpComparison.Settings settings = new MlpComparison.Settings(hiddenSets(hidden), iterations, rounds, every,
          warmupEpochs, thresholds);
      MlpComparison.Run run = new MlpComparison.Run(s.data(), s.partitions(), s.model(), s.propagation(), s.training(),
          s.nested());
      MlpComparison.Result result;
      try (Spark.Session session = Spark.open("layerbraid bench mllib", null)) {
        result = MlpComparison.run(session.spark(), run, settings, new QuietProgress(System.err), quiet ? null : System.err);
      }
      System.out.println("layerbraid bench mllib: config " + config + ", machine " + Machine.probe().describe());
      System.out.println(Machine.probe().describeBlas());
      System.out.print(result.table());
      writeResults(() -> {
        if (json != null) AtomicFiles.write(json, result.json().getBytes(StandardCharsets.UTF_8));
      });
      return 0;
    }

    private static List<int[]> hiddenSets(String text) {
      List<int[]> sets = new ArrayList<>();
      for (String set : text.split(";")) {
        if (set.isBlank()) continue;
        try {
          sets.add(Arrays.stream(set.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--mllib-hidden: '" + set.strip() + "' is not a comma list of layer sizes");
        }
      }
      return sets;
    }
  }

  @Command(name = "step", mixinStandardHelpOptions = true,
      description = {
          "One one-shot training step through the residual layers (forward solve, adjoint solve, gradient) on serial "
              + "propagation, the in-JVM engine, the stage engine and the resident engine, in rounds, beside a cost model "
              + "fed by costs measured in the same run: forward step, adjoint step and layer gradient, each engine's "
              + "latency per MGRIT iteration (tiny network) and cost per step (a one-level step).",
          "Then the resident engine's latency per iteration at 2 ... 64 tasks in a local context of its own, and the "
              + "model's predicted step speed-up over serial propagation for P = 1 ... 1024 executors.",
          "MGRIT settings are training's (propagation=mgrit with the shipped mgrit.* defaults); key=value overrides them."})
  static final class Step implements Callable<Integer> {
    @Option(names = "--depth", defaultValue = "1024", description = "layers N (default: ${DEFAULT-VALUE})") int depth;
    @Option(names = "--width", defaultValue = "64", description = "channels of every layer (default: ${DEFAULT-VALUE})") int width;
    @Option(names = "--batch", defaultValue = "256", description = "examples per step; 1024 needs a driver heap above"
        + " 4 GB, as the states of every engine's step are held in one JVM (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--partitions", defaultValue = "2", description = "layer partitions of the Spark engines; the"
        + " resident engine needs a task slot for each (default: ${DEFAULT-VALUE})") int partitions;
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[2])") String master;
    @Option(names = "--rounds", defaultValue = "3", description = "rounds, each timing every engine (default: ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps per engine first (default: ${DEFAULT-VALUE})")
    int warmups;
    @Option(names = "--iterations", split = ",", defaultValue = "2,6",
        description = "two iteration counts of the tiny solves whose difference gives the latency of one (default: ${DEFAULT-VALUE})")
    int[] iterations;
    @Option(names = "--tasks", split = ",", defaultValue = "2,4,8,16,32,64",
        description = "task counts of the resident engine's latency (default: ${DEFAULT-VALUE})") List<Integer> tasks;
    @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--json", paramLabel = "FILE", description = "also write predicted_speedup, model_error_max and"
        + " overhead_ms_per_iteration as JSON") Path json;
    @Option(names = "--plot", paramLabel = "FILE", description = "write the predicted speed-up against executors as PNG")
    Path plot;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the tables to this file") Path out;
    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;
    @Parameters(paramLabel = "key=value", description = "MGRIT settings, e.g. mgrit.cfactor=4 mgrit.forwardIterations=1")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
      if (iterations.length != 2 || iterations[0] < 1 || iterations[1] <= iterations[0]) {
        throw new IllegalArgumentException("--iterations must be two counts, the second larger, got "
            + Arrays.toString(iterations));
      }
      if (depth < 8 || width < 1 || batch < 1 || partitions < 1 || rounds < 1 || tasks.isEmpty()
          || tasks.stream().anyMatch(t -> t < 1)) {
        throw new IllegalArgumentException("--depth must be >= 8; --width, --batch, --partitions, --rounds and --tasks >= 1");
      }
      List<String> settings = new ArrayList<>(List.of("propagation=mgrit"));
      settings.addAll(overrides);
      org.layerbraid.train.PropagationSpec spec = RunSettings.from(Config.defaults().with(settings)).propagation();
      StepBenchmark.Options o = new StepBenchmark.Options(depth, width, batch, partitions, rounds, warmups, iterations[0],
          iterations[1], tasks, spec.options(), spec.forwardIterations(), spec.backwardIterations(), seed);
      StepBenchmark.Measured measured;
      try (Spark.Session session = Spark.open("layerbraid bench step", master, "local[2]")) {
        measured = StepBenchmark.measure(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
            session.spark().sparkContext()), o, quiet ? null : System.err);
      }
      StepBenchmark.Result r = StepBenchmark.finish(measured, quiet ? null : System.err);
      String table = StepReport.table(r);
      System.out.print(table);
      writeResults(() -> {
        if (out != null) AtomicFiles.write(out, table.getBytes(StandardCharsets.UTF_8));
        if (json != null) AtomicFiles.write(json, StepReport.json(r));
        if (plot != null) StepReport.chart(r, plot);
      });
      return 0;
    }
  }

  @Command(name = "epoch", mixinStandardHelpOptions = true,
      description = {
          "Data-parallel minibatch training of a config (serial propagation, gradients over the data's Spark partitions)"
              + " three ways in one Spark context, in paired rounds: a Spark job per minibatch step, each epoch whole in"
              + " one barrier stage (what train does when every partition has a task slot), and the same blocks summed"
              + " in the driver (train.gradients=driver).",
          "Prints seconds per epoch of each, what a job per step costs, and whether all end at the same parameters"
              + " (they must, bit for bit)."})
  static final class Epoch implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "a train config with minibatches (train.batchSize)")
    Path config;
    @Option(names = "--epochs", defaultValue = "2", description = "epochs per timed run (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--rounds", defaultValue = "3", description = "paired rounds (default: ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[2])") String master;
    @Option(names = "--quiet", description = "no progress lines on stderr") boolean quiet;
    @Parameters(paramLabel = "key=value", description = "settings that override the config file")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
      if (epochs < 1 || rounds < 1) throw new IllegalArgumentException("--epochs and --rounds must be >= 1");
      RunSettings s = RunSettings.from(Config.load(config).with(overrides));
      EpochBenchmark.Result result;
      try (Spark.Session session = Spark.open("layerbraid bench epoch", master, "local[2]")) {
        LoadedData data = DataSets.load(session.spark(), s.data(), s.partitions());
        NetworkShape shape = s.model().shape(data.dim(), data.numClasses());
        result = EpochBenchmark.run(data, shape, s.model().initialization(s.training().seed()).draw(shape),
            s.training().withEpochs(epochs), rounds, quiet ? null : System.err);
      }
      System.out.println("layerbraid bench epoch: config " + config);
      System.out.print(result.table());
      return result.sameParameters() ? 0 : 1;
    }
  }

  /** Writes a benchmark's result files; a failure is one clear error, not a stack trace. */
  private static void writeResults(ResultWrites writes) {
    try {
      writes.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark results: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface ResultWrites {
    void run() throws IOException;
  }
}
