package org.layerbraid.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.layerbraid.report.RecordFields;

/**
 * The result of {@link KernelBenchmark}: one {@link Cell} per width, batch and BLAS, one
 * {@link Comparison} per width and batch when native and Java BLAS were both timed, and the machine.
 * Prints as a table, or as JSON or CSV for files.
 */
public record KernelReport(Machine machine, KernelOptions options, List<Cell> cells,
    List<Comparison> comparisons) {

  /**
   * One width × batch × BLAS. Throughputs are GFLOP/s over repeated samples.
   *
   * @param implementation the netlib class that ran (JNIBLAS, Java11BLAS, …)
   * @param nominalFlops {@code NetworkShape.flopsPerLayerStep(batch)} = 6·w²·B, what GFLOP/s count
   * @param countedFlops the 2·m·n·k of the products the kernel really calls, counted by {@link FlopAudit}
   * @param products those products, e.g. "NN 8x256x8"
   * @param kernel step + stepAdjoint, in nominal flops
   * @param gemm the kernel's three products K·u, Kᵀ·S, S·uᵀ in a row (6·w²·B)
   * @param forward K·u alone (NN, w×w by w×B)
   * @param backwardData Kᵀ·S alone (TN)
   * @param backwardWeights S·uᵀ alone (NT, w×B by B×w)
   * @param kernelOverGemm per-round kernel speed / product-set speed: the share of raw BLAS speed kept
   * @param secondsPerStep median seconds of one step + stepAdjoint
   * @param blasShare the time the kernel's three products take at the speed measured alone, over
   *     the kernel's time; the rest is element-wise work, allocation and memory traffic
   * @param gcFraction garbage-collection time over the kernel's timed time
   * @param faultsPerStep minor page faults per kernel step (NaN when unknown): first touches of
   *     memory the kernel's fresh arrays land on
   * @param rounds samples per series
   */
  public record Cell(int width, int batch, BlasChoice blas, String implementation,
      double nominalFlops, long countedFlops, List<String> products, Stats kernel, Stats gemm,
      Stats forward, Stats backwardData, Stats backwardWeights, Stats kernelOverGemm,
      double secondsPerStep, double blasShare, double gcFraction, double faultsPerStep, int rounds) {}

  /**
   * Native against Java BLAS at one width and batch, from the same rounds.
   *
   * @param kernelSpeedup per-round Java kernel time / native kernel time
   * @param gemmSpeedup the same for the set of three products
   * @param gemmDifference max |native − Java| / max |Java| over the three products (0: bit-identical)
   * @param kernelDifference the same over u_{n+1}, λ_n and the weight gradient of one kernel call
   */
  public record Comparison(int width, int batch, Stats kernelSpeedup, Stats gemmSpeedup,
      double gemmDifference, double kernelDifference) {}

  /** The human table, with the machine and how to read it. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("layerbraid bench kernel: one residual layer, ResNet.stepInto (keeping σ') + ResNet.stepAdjointInto (with weight gradient) into reused arrays, float64, one thread\n");
    sb.append("machine: ").append(machine.describe()).append('\n');
    sb.append(machine.describeBlas()).append('\n');
    if (machine.blasThreadWarning() != null) sb.append(machine.blasThreadWarning()).append('\n');
    sb.append(String.format(Locale.ROOT,
        "settings: activation %s, bias %s, h = %.4g; every series warmed up %.3g s, then timed >= %.3g s in >= %d interleaved rounds%n",
        options.activation().configName(), options.bias().configName(), options.stepSize(),
        options.warmupSeconds(), options.minSeconds(), options.minRounds()));
    sb.append("GFLOP/s count NetworkShape.flopsPerLayerStep = 6·w²·B (three products); figures are medians ±half the interquartile range;\n");
    sb.append("ratios are medians of per-round ratios (samples taken side by side).\n");
    if (!cells.isEmpty()) {
      Cell c0 = cells.get(0);
      sb.append(String.format(Locale.ROOT,
          "flop audit (BLAS calls counted): the kernel makes %d products, %s = %.3g·w²·B flops, vs the nominal 6·w²·B (width %d, batch %d: %s)%n",
          c0.products().size(), String.join(", ", c0.products()),
          c0.countedFlops() / ((double) c0.width() * c0.width() * c0.batch()), c0.width(), c0.batch(),
          c0.countedFlops() == (long) c0.nominalFlops() ? "they agree" : "they differ"));
    }
    sb.append('\n');
    String head = String.format(Locale.ROOT, "%5s %6s  %-6s  %-14s  %-14s  %11s  %10s  %-12s %-12s %-12s %9s  %5s  %11s%n",
        "width", "batch", "blas", "kernel GFLOP/s", "gemm GFLOP/s", "kernel/gemm", "BLAS share",
        "K·u", "Kᵀ·S", "S·uᵀ", "µs/step", "GC", "faults/step");
    sb.append(head);
    for (Cell c : cells) {
      sb.append(String.format(Locale.ROOT, "%5d %6d  %-6s  %-14s  %-14s  %11s  %10s  %-12s %-12s %-12s %9.1f  %5s  %11s%n",
          c.width(), c.batch(), c.blas().label(), c.kernel().format("%.2f"), c.gemm().format("%.2f"),
          c.kernelOverGemm().format("%.2f"), percent(c.blasShare()), c.forward().format("%.2f"),
          c.backwardData().format("%.2f"), c.backwardWeights().format("%.2f"),
          c.secondsPerStep() * 1e6, percent(c.gcFraction()),
          Double.isFinite(c.faultsPerStep()) ? String.format(Locale.ROOT, "%.1f", c.faultsPerStep()) : "-"));
    }
    if (!comparisons.isEmpty()) {
      sb.append("\nnative BLAS over Java BLAS (same rounds); max relative difference of the results, native vs Java\n");
      sb.append(String.format(Locale.ROOT, "%5s %6s  %-14s  %-14s  %-16s  %-16s%n", "width", "batch",
          "kernel speedup", "gemm speedup", "gemm difference", "kernel difference"));
      for (Comparison c : comparisons) {
        sb.append(String.format(Locale.ROOT, "%5d %6d  %-14s  %-14s  %-16s  %-16s%n", c.width(), c.batch(),
            c.kernelSpeedup().format("%.2fx"), c.gemmSpeedup().format("%.2fx"),
            difference(c.gemmDifference()), difference(c.kernelDifference())));
      }
    }
    return sb.toString();
  }

  /** Everything, machine and settings included, as indented JSON. */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("benchmark", "kernel");
    root.put("machine", RecordFields.of(machine));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("widths", options.widths());
    settings.put("batches", options.batches());
    settings.put("blas", options.blas().stream().map(BlasChoice::label).toList());
    settings.put("minSeconds", options.minSeconds());
    settings.put("warmupSeconds", options.warmupSeconds());
    settings.put("minRounds", options.minRounds());
    settings.put("activation", options.activation().configName());
    settings.put("bias", options.bias().configName());
    settings.put("stepSize", options.stepSize());
    settings.put("seed", options.seed());
    root.put("settings", settings);
    root.put("units", "GFLOP/s of NetworkShape.flopsPerLayerStep = 6*w^2*B for the kernel, 2*m*n*k for products; ratios are medians of per-round ratios");
    List<Object> cs = new ArrayList<>();
    for (Cell c : cells) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("width", c.width());
      m.put("batch", c.batch());
      m.put("blas", c.blas().label());
      m.put("implementation", c.implementation());
      m.put("nominalFlops", c.nominalFlops());
      m.put("countedFlops", c.countedFlops());
      m.put("products", c.products());
      m.put("kernelGflops", RecordFields.of(c.kernel()));
      m.put("gemmGflops", RecordFields.of(c.gemm()));
      m.put("forwardGflops", RecordFields.of(c.forward()));
      m.put("backwardDataGflops", RecordFields.of(c.backwardData()));
      m.put("backwardWeightsGflops", RecordFields.of(c.backwardWeights()));
      m.put("kernelOverGemm", RecordFields.of(c.kernelOverGemm()));
      m.put("secondsPerStep", orNull(c.secondsPerStep()));
      m.put("blasShare", orNull(c.blasShare()));
      m.put("gcFraction", orNull(c.gcFraction()));
      m.put("minorFaultsPerStep", orNull(c.faultsPerStep()));
      m.put("rounds", c.rounds());
      cs.add(m);
    }
    root.put("cells", cs);
    root.put("kernel_over_gemm", kernelOverGemm());
    List<Object> cmp = new ArrayList<>();
    for (Comparison c : comparisons) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("width", c.width());
      m.put("batch", c.batch());
      m.put("kernelNativeOverJava", RecordFields.of(c.kernelSpeedup()));
      m.put("gemmNativeOverJava", RecordFields.of(c.gemmSpeedup()));
      m.put("gemmMaxRelativeDifference", orNull(c.gemmDifference()));
      m.put("kernelMaxRelativeDifference", orNull(c.kernelDifference()));
      cmp.add(m);
    }
    root.put("nativeVsJava", cmp);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  static final List<String> CSV_COLUMNS = List.of("width", "batch", "blas", "implementation",
      "kernel_gflops", "kernel_gflops_q1", "kernel_gflops_q3", "gemm_gflops", "gemm_gflops_q1",
      "gemm_gflops_q3", "forward_gflops", "backward_data_gflops", "backward_weights_gflops",
      "kernel_over_gemm", "blas_share", "seconds_per_step", "gc_fraction", "minor_faults_per_step", "rounds",
      "kernel_native_over_java", "gemm_native_over_java", "nominal_flops", "counted_flops",
      "cpu_model", "cores", "java", "blas_libraries", "openblas_num_threads");

  /** One row per cell; the native/Java ratios repeat on both BLAS rows of a shape. */
  public String csv() {
    StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
    for (Cell c : cells) {
      Comparison cmp = comparisons.stream().filter(x -> x.width() == c.width() && x.batch() == c.batch())
          .findFirst().orElse(null);
      StringJoiner j = new StringJoiner(",");
      j.add(Integer.toString(c.width())).add(Integer.toString(c.batch())).add(c.blas().label())
          .add(c.implementation())
          .add(num(c.kernel().median())).add(num(c.kernel().q1())).add(num(c.kernel().q3()))
          .add(num(c.gemm().median())).add(num(c.gemm().q1())).add(num(c.gemm().q3()))
          .add(num(c.forward().median())).add(num(c.backwardData().median()))
          .add(num(c.backwardWeights().median())).add(num(c.kernelOverGemm().median()))
          .add(num(c.blasShare())).add(num(c.secondsPerStep())).add(num(c.gcFraction()))
          .add(num(c.faultsPerStep())).add(Integer.toString(c.rounds()))
          .add(cmp == null ? "" : num(cmp.kernelSpeedup().median()))
          .add(cmp == null ? "" : num(cmp.gemmSpeedup().median()))
          .add(num(c.nominalFlops())).add(Long.toString(c.countedFlops()))
          .add(quote(machine.cpuModel())).add(Integer.toString(machine.cores()))
          .add(quote(machine.javaVersion())).add(quote(String.join(" ", machine.blasLibraries())))
          .add(machine.openblasNumThreads() == null ? "" : quote(machine.openblasNumThreads()));
      sb.append(j).append('\n');
    }
    return sb.toString();
  }

  /**
   * "widthxbatch" → median kernel/gemm of the first BLAS timed (native when it loads): the figure
   * the kernel's target is set on, without digging through the cells.
   */
  Map<String, Double> kernelOverGemm() {
    Map<String, Double> out = new LinkedHashMap<>();
    BlasChoice first = options.blas().get(0);
    for (Cell c : cells) {
      if (c.blas() == first) out.put(c.width() + "x" + c.batch(), orNull(c.kernelOverGemm().median()));
    }
    return out;
  }

  /** JSON has no NaN: a missing figure is null. */
  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String percent(double f) {
    return Double.isFinite(f) ? String.format(Locale.ROOT, "%.0f%%", 100 * f) : "-";
  }

  private static String difference(double d) {
    return d == 0 ? "0 (identical)" : String.format(Locale.ROOT, "%.1e", d);
  }
}
