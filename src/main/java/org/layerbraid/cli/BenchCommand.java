package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerbraid.bench.BlasChoice;
import org.layerbraid.bench.KernelBenchmark;
import org.layerbraid.bench.KernelOptions;
import org.layerbraid.bench.KernelReport;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.report.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerbraid bench <benchmark>}: micro-benchmarks that run in the driver JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; every figure comes with a baseline measured in the same run and the machine.",
    subcommands = {BenchCommand.Kernel.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.out);
    return 0;
  }

  @Command(name = "kernel", mixinStandardHelpOptions = true,
      description = {
          "Forward+backward throughput of the residual-layer kernel (ResNet.step + ResNet.stepAdjoint) "
              + "beside the raw matrix products of the same shapes (Mat.gemm), in GFLOP/s, for each BLAS "
              + "implementation, all timed side by side in one run.",
          "Set OPENBLAS_NUM_THREADS=1 for native BLAS; force the Java fallback for a whole run with "
              + "-Ddev.ludovic.netlib.blas.allowNative=false."})
  static final class Kernel implements Callable<Integer> {
    @Option(names = "--widths", split = ",", paramLabel = "W", description = "network widths (default: ${DEFAULT-VALUE})",
        defaultValue = "8,64,128")
    List<Integer> widths;

    @Option(names = "--batches", split = ",", paramLabel = "B", description = "batch sizes (default: ${DEFAULT-VALUE})",
        defaultValue = "256,4096")
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

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
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
      try {
        if (json != null) AtomicFiles.write(json, report.json().getBytes(StandardCharsets.UTF_8));
        if (csv != null) AtomicFiles.write(csv, report.csv().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the benchmark results: " + e.getMessage(), e);
      }
      return 0;
    }
  }
}
