package org.layerbraid.bench;

import java.util.List;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;

/**
 * What {@link KernelBenchmark} measures.
 *
 * @param widths network widths w (states are w × batch)
 * @param batches batch sizes B
 * @param blas the BLAS implementations to time, each against the same shapes in the same run
 * @param minSeconds minimum timed seconds of every series (kernel, products) in every cell
 * @param warmupSeconds untimed running of every series before it is calibrated
 * @param minRounds minimum number of samples of every series
 * @param activation σ of the layer (element-wise work differs: tanh costs far more than relu)
 * @param bias scalar or per-channel layer bias
 * @param stepSize h of the residual step u + h·σ(K u + b)
 * @param seed weights and inputs
 */
public record KernelOptions(List<Integer> widths, List<Integer> batches, List<BlasChoice> blas,
    double minSeconds, double warmupSeconds, int minRounds, Activation activation, BiasMode bias,
    double stepSize, long seed) {

  public KernelOptions {
    widths = List.copyOf(widths);
    batches = List.copyOf(batches);
    blas = List.copyOf(blas);
    if (widths.isEmpty() || batches.isEmpty() || blas.isEmpty()) {
      throw new IllegalArgumentException("need at least one width, one batch size and one BLAS");
    }
    for (int w : widths) if (w < 1) throw new IllegalArgumentException("width must be >= 1, got " + w);
    for (int b : batches) if (b < 1) throw new IllegalArgumentException("batch must be >= 1, got " + b);
    if (!(minSeconds > 0) || !Double.isFinite(minSeconds)) {
      throw new IllegalArgumentException("minimum time must be > 0 seconds, got " + minSeconds);
    }
    if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
      throw new IllegalArgumentException("warm-up must be >= 0 seconds, got " + warmupSeconds);
    }
    if (minRounds < 1) throw new IllegalArgumentException("need at least 1 round, got " + minRounds);
    if (!(stepSize > 0)) throw new IllegalArgumentException("step size must be > 0, got " + stepSize);
    if (activation == null || bias == null) throw new IllegalArgumentException("activation and bias are required");
  }

  /** Widths 8, 64, 128; batches 256, 1024, 4096; every available BLAS; 0.5 s per series; Peaks' layer. */
  public static KernelOptions defaults() {
    return new KernelOptions(List.of(8, 64, 128), List.of(256, 1024, 4096), BlasChoice.available(), 0.5,
        0.2, 5, Activation.SMOOTHRELU, BiasMode.SCALAR, 1.0 / 32, 1);
  }
}
