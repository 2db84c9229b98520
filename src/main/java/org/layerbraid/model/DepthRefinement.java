package org.layerbraid.model;

import java.util.Locale;

/**
 * Refinement of a network in "time": {@code r} times as many residual layers, initialised from
 * the coarse network's layers (nested iteration, docs/design.md#nested-iteration). Opening and classifier layers are
 * copied. {@code constant} and {@code linear} keep T, so h shrinks by r; {@code zero} keeps h
 * and multiplies T by r, putting the coarse layers at every r-th position and zeros between, so
 * the refined network computes exactly the coarse one's function when σ(0) = 0.
 */
public enum DepthRefinement {
  CONSTANT, LINEAR, ZERO;

  public String configName() { return name().toLowerCase(Locale.ROOT); }

  public static DepthRefinement parse(String s) {
    return Choices.parse(values(), s, "interpolation");
  }

  /** The shape of the refined network. */
  public NetworkShape refinedShape(NetworkShape coarse, int factor) {
    if (factor < 1) throw new IllegalArgumentException("refinement factor must be >= 1, got " + factor);
    double t = this == ZERO ? coarse.finalTime() * factor : coarse.finalTime();
    return coarse.withDepth(coarse.depth() * factor, t);
  }

  /** Parameters of the refined network from the coarse one's. */
  public double[] refine(NetworkShape coarse, double[] theta, int factor) {
    if (this != ZERO) return resample(coarse, theta, coarse.depth() * factor);
    NetworkShape fine = refinedShape(coarse, factor);
    double[] out = new double[fine.size()];
    copyOuterLayers(coarse, theta, fine, out);
    for (int j = 0; j < coarse.depth(); j++) {
      System.arraycopy(theta, coarse.layerWeights(j), out, fine.layerWeights(j * factor), coarse.layerLength());
    }
    return out;
  }

  /**
   * The states at the refined network's layers from the coarse network's states 0 … N: exact for
   * {@code zero}, where a new (zero) layer passes its input on, and linear in t for the others.
   * {@code fromTheEnd}: entry k is the state at layer N − k (adjoints), so the state a zero layer
   * repeats is the one before it in the array rather than the one after.
   */
  public double[][] refineStates(double[][] coarse, int factor, boolean fromTheEnd) {
    if (factor < 1) throw new IllegalArgumentException("refinement factor must be >= 1, got " + factor);
    int n = coarse.length - 1;
    double[][] fine = new double[n * factor + 1][];
    for (int i = 0; i < n; i++) {
      fine[i * factor] = coarse[i];
      for (int j = 1; j < factor; j++) {
        fine[i * factor + j] = this == ZERO ? coarse[fromTheEnd ? i : i + 1]
            : between(coarse[i], coarse[i + 1], (double) j / factor);
      }
    }
    fine[n * factor] = coarse[n];
    return fine;
  }

  /** (1 − w) a + w b */
  private static double[] between(double[] a, double[] b, double w) {
    double[] out = new double[a.length];
    for (int e = 0; e < a.length; e++) out[e] = (1 - w) * a[e] + w * b[e];
    return out;
  }

  private static void copyOuterLayers(NetworkShape from, double[] theta, NetworkShape to, double[] out) {
    System.arraycopy(theta, 0, out, 0, from.hiddenOffset());
    System.arraycopy(theta, from.classWeights(), out, to.classWeights(), from.size() - from.classWeights());
  }

  /**
   * Weights sampled at another depth from the same continuous-in-time function, T kept: used to
   * put one trained network's weights at any depth (linear interpolation in t, or the nearest
   * earlier layer for constant). Refinement by an integer factor is the special case.
   */
  public double[] resample(NetworkShape from, double[] theta, int newDepth) {
    if (this == ZERO) throw new IllegalArgumentException("zero interpolation refines by a factor; it cannot resample");
    NetworkShape to = from.withDepth(newDepth, from.finalTime());
    double[] out = new double[to.size()];
    copyOuterLayers(from, theta, to, out);
    int len = from.layerLength();
    for (int i = 0; i < newDepth; i++) {
      double pos = (double) i * from.depth() / newDepth; // position of layer i on the old layer index axis
      int j = Math.min((int) Math.floor(pos), from.depth() - 1);
      double w = this == LINEAR ? pos - j : 0;
      int src = from.layerWeights(j), next = j + 1 < from.depth() ? from.layerWeights(j + 1) : src;
      for (int e = 0; e < len; e++) out[to.layerWeights(i) + e] = (1 - w) * theta[src + e] + w * theta[next + e];
    }
    return out;
  }
}
