package org.layerbraid.model;

/** Column-wise softmax over a {@code classes × batch} matrix, shifted by the column max for range. */
public final class Softmax {
  private Softmax() {}

  /** Replaces each column of z by its softmax and returns z. */
  public static double[] probabilitiesInPlace(double[] z, int classes, int batch) {
    for (int j = 0; j < batch; j++) {
      int off = j * classes;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) max = Math.max(max, z[off + k]);
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        z[off + k] = Math.exp(z[off + k] - max);
        sum += z[off + k];
      }
      for (int k = 0; k < classes; k++) z[off + k] /= sum;
    }
    return z;
  }

  /** Index of the largest of the {@code len} values from off (first on ties). */
  public static int argmax(double[] v, int off, int len) {
    int best = 0;
    for (int k = 1; k < len; k++) if (v[off + k] > v[off + best]) best = k;
    return best;
  }
}
