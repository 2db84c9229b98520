package org.layerbraid.engine;

/** Accumulation of per-block vectors, shared by the engines so both add in the same way. */
final class VectorSums {
  private VectorSums() {}

  /** sum + v, reusing sum (null means nothing yet; a null v adds nothing). */
  static double[] add(double[] sum, double[] v) {
    if (v == null) return sum;
    if (sum == null) return v.clone();
    for (int i = 0; i < v.length; i++) sum[i] += v[i];
    return sum;
  }
}
