package org.layerbraid.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.Mat;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * Throughput of the residual-layer kernel against the raw matrix products it is made of.
 *
 * <p>For every width w and batch B, one layer of an ODE-ResNet is timed doing what training does
 * per layer and iteration in serial propagation: {@link ResNet#stepInto} (u + h·σ(K u + b), keeping
 * σ') then {@link ResNet#stepAdjointInto} with the weight gradient, both into arrays the caller owns
 * and reuses, as the products below write into theirs. Beside it, in the same rounds, the matrix
 * products of the same shapes through {@link Mat#gemm}: K·u (w×w by w×B), Kᵀ·S (the adjoint) and
 * S·uᵀ (the weight gradient), one at a time and as a set of three. Throughputs are in GFLOP/s of
 * {@link NetworkShape#flopsPerLayerStep} (6·w²·B), so kernel/gemm is the share of raw BLAS speed
 * the kernel keeps. Every chosen BLAS implementation is timed in the same rounds, through
 * {@link Mat#useBlas}, which gives paired native/Java ratios. The BLAS in use before the run is
 * restored afterwards.
 */
public final class KernelBenchmark {
  private KernelBenchmark() {}

  /** Runs every cell; progress lines go to {@code log} (may be null). */
  public static KernelReport run(KernelOptions options, PrintStream log) {
    Machine machine = Machine.probe();
    BLAS original = Mat.blas();
    List<KernelReport.Cell> cells = new ArrayList<>();
    List<KernelReport.Comparison> comparisons = new ArrayList<>();
    try {
      for (int w : options.widths()) {
        for (int b : options.batches()) {
          if (log != null) {
            log.printf(Locale.ROOT, "bench kernel: width %d, batch %d, BLAS %s%n", w, b,
                options.blas().stream().map(BlasChoice::label).toList());
          }
          Shape cell = new Shape(options, w, b);
          cells.addAll(cell.measure(comparisons));
        }
      }
    } finally {
      Mat.useBlas(original);
    }
    return new KernelReport(machine, options, cells, comparisons);
  }

  /** Everything one (width, batch) cell needs: the network, the inputs and the buffers. */
  private static final class Shape {
    final KernelOptions options;
    final int w, batch, kOff;
    final double h;
    final NetworkShape shape;
    final ResNet net;
    final double[] theta, u, lambda, s, slope, next, lambdaOut, grad, a, lam, g;

    Shape(KernelOptions options, int w, int batch) {
      this.options = options;
      this.w = w;
      this.batch = batch;
      this.h = options.stepSize();
      shape = new NetworkShape(2, w, 1, 2, h, options.activation(), options.bias());
      theta = new Initialization(1.0, 1.0, 1.0, options.seed()).draw(shape);
      SplittableRandom r = new SplittableRandom(options.seed() + 31L * w + batch);
      for (int i = 0; i < shape.biasLength(); i++) theta[shape.layerBias(0) + i] = 0.2 * (r.nextDouble() - 0.5);
      net = new ResNet(shape, theta);
      kOff = shape.layerWeights(0);
      u = random(r, w * batch);
      lambda = random(r, w * batch);
      s = random(r, w * batch);
      slope = new double[w * batch];
      next = new double[w * batch];
      lambdaOut = new double[w * batch];
      grad = new double[shape.size()];
      a = new double[w * batch];
      lam = new double[w * batch];
      g = new double[w * w];
    }

    List<KernelReport.Cell> measure(List<KernelReport.Comparison> comparisons) {
      List<BlasChoice> choices = options.blas();
      List<Sampler.Series> series = new ArrayList<>();
      for (BlasChoice c : choices) {
        BLAS impl = c.instance();
        series.add(new Sampler.Series(c.label() + " kernel", reps -> kernel(impl, reps)));
        series.add(new Sampler.Series(c.label() + " products", reps -> products(impl, reps, 7)));
        series.add(new Sampler.Series(c.label() + " K·u", reps -> products(impl, reps, 1)));
        series.add(new Sampler.Series(c.label() + " Kᵀ·S", reps -> products(impl, reps, 2)));
        series.add(new Sampler.Series(c.label() + " S·uᵀ", reps -> products(impl, reps, 4)));
      }
      Sampler.Samples samples = new Sampler(options.minSeconds(), options.warmupSeconds(),
          options.minRounds()).run(series);
      if (!Double.isFinite(samples.checksum())) {
        throw new IllegalStateException("non-finite results at width " + w + ", batch " + batch);
      }
      double nominal = shape.flopsPerLayerStep(batch);
      double product = 2.0 * w * w * batch;
      FlopAudit audit = FlopAudit.of(() -> {
        double[] sl = new double[u.length];
        net.step(0, h, u, sl);
        net.stepAdjoint(0, h, u, sl, lambda, new double[shape.size()]);
      });
      List<KernelReport.Cell> out = new ArrayList<>();
      for (int c = 0; c < choices.size(); c++) {
        int base = 5 * c;
        double[][] t = samples.secondsPerRep();
        double kernelMedian = Stats.of(t[base]).median();
        double productTime = Stats.of(t[base + 1]).median();
        out.add(new KernelReport.Cell(w, batch, choices.get(c),
            choices.get(c).instance().getClass().getSimpleName(), nominal, audit.gemmFlops(),
            audit.products(),
            gflops(t[base], nominal), gflops(t[base + 1], 3 * product), gflops(t[base + 2], product),
            gflops(t[base + 3], product), gflops(t[base + 4], product),
            Stats.of(speedRatios(t[base + 1], t[base])), kernelMedian, productTime / kernelMedian,
            samples.gcSeconds()[base] / samples.timedSeconds()[base],
            samples.minorFaults()[base] < 0 ? Double.NaN
                : (double) samples.minorFaults()[base] / samples.repetitions()[base],
            samples.rounds()));
      }
      int nat = choices.indexOf(BlasChoice.NATIVE), java = choices.indexOf(BlasChoice.JAVA);
      if (nat >= 0 && java >= 0) {
        double[][] t = samples.secondsPerRep();
        comparisons.add(new KernelReport.Comparison(w, batch,
            Stats.of(speedRatios(t[5 * java], t[5 * nat])),
            Stats.of(speedRatios(t[5 * java + 1], t[5 * nat + 1])),
            productDifference(), kernelDifference()));
      }
      return out;
    }

    /**
     * step (keeping σ') + stepAdjoint with the weight gradient, {@code reps} times. λ_n goes to an
     * array of its own, not onto λ_{n+1} as in serial propagation's sweep: repeated in place it would
     * grow without bound; the copy this costs is counted.
     */
    private double kernel(BLAS impl, int reps) {
      Mat.useBlas(impl);
      double acc = 0;
      for (int i = 0; i < reps; i++) {
        net.stepInto(0, h, u, next, slope);
        net.stepAdjointInto(0, h, u, slope, lambda, lambdaOut, grad);
        acc += next[next.length - 1] + lambdaOut[0];
      }
      return acc;
    }

    /** The kernel's products with its alphas and betas: bit 1 K·u, bit 2 Kᵀ·S, bit 4 S·uᵀ. */
    private double products(BLAS impl, int reps, int which) {
      Mat.useBlas(impl);
      for (int i = 0; i < reps; i++) {
        if ((which & 1) != 0) Mat.gemm(false, false, w, batch, w, 1.0, theta, kOff, u, 0, 0.0, a, 0);
        if ((which & 2) != 0) Mat.gemm(true, false, w, batch, w, h, theta, kOff, s, 0, 1.0, lam, 0);
        if ((which & 4) != 0) Mat.gemm(false, true, w, w, batch, h, s, 0, u, 0, 1.0, g, 0);
      }
      return a[0] + lam[0] + g[0];
    }

    /** Largest relative difference of native against Java over the three products. */
    private double productDifference() {
      double worst = 0;
      for (int which : new int[] {1, 2, 4}) {
        double[][] r = new double[2][];
        int i = 0;
        for (BlasChoice c : List.of(BlasChoice.NATIVE, BlasChoice.JAVA)) {
          Arrays.fill(a, 0);
          Arrays.fill(lam, 0);
          Arrays.fill(g, 0);
          products(c.instance(), 1, which);
          r[i++] = which == 1 ? a.clone() : which == 2 ? lam.clone() : g.clone();
        }
        worst = Math.max(worst, relativeDifference(r[0], r[1]));
      }
      return worst;
    }

    /** Largest relative difference of native against Java over u_{n+1}, λ_n and the gradient. */
    private double kernelDifference() {
      double[][][] r = new double[2][][];
      int i = 0;
      for (BlasChoice c : List.of(BlasChoice.NATIVE, BlasChoice.JAVA)) {
        Mat.useBlas(c.instance());
        double[] gr = new double[shape.size()], sl = new double[u.length];
        double[] next = net.step(0, h, u, sl);
        r[i++] = new double[][] {next, net.stepAdjoint(0, h, u, sl, lambda, gr), gr};
      }
      double worst = 0;
      for (int k = 0; k < 3; k++) worst = Math.max(worst, relativeDifference(r[0][k], r[1][k]));
      return worst;
    }
  }

  /** max |x − y| / max |y|; 0 when bit-for-bit equal. */
  static double relativeDifference(double[] x, double[] y) {
    double diff = 0, scale = 0;
    for (int i = 0; i < x.length; i++) {
      diff = Math.max(diff, Math.abs(x[i] - y[i]));
      scale = Math.max(scale, Math.abs(y[i]));
    }
    return diff == 0 ? 0 : diff / Math.max(scale, Double.MIN_NORMAL);
  }

  private static Stats gflops(double[] secondsPerRep, double flops) {
    double[] v = new double[secondsPerRep.length];
    for (int i = 0; i < v.length; i++) v[i] = flops / secondsPerRep[i] / 1e9;
    return Stats.of(v);
  }

  /** Per round, the speed of the subject relative to the baseline: baseline time / subject time. */
  private static double[] speedRatios(double[] baselineSeconds, double[] subjectSeconds) {
    double[] v = new double[baselineSeconds.length];
    for (int i = 0; i < v.length; i++) v[i] = baselineSeconds[i] / subjectSeconds[i];
    return v;
  }

  private static double[] random(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
    return x;
  }
}
