package org.layerbraid;

import java.util.SplittableRandom;
import org.layerbraid.data.Examples;

/** Small seeded example sets shared by tests of several packages. */
public final class TestData {
  private TestData() {}

  /** ‖other − reference‖ / ‖reference‖ (Euclidean norms). */
  public static double relDiff(double[] reference, double[] other) {
    if (reference.length != other.length) {
      throw new IllegalArgumentException("lengths differ: " + reference.length + " vs " + other.length);
    }
    double d = 0, n = 0;
    for (int i = 0; i < reference.length; i++) {
      d += (reference[i] - other[i]) * (reference[i] - other[i]);
      n += reference[i] * reference[i];
    }
    return Math.sqrt(d) / Math.max(Math.sqrt(n), 1e-300);
  }

  /** n examples with features uniform in [−1, 1] and uniform random labels. */
  public static Examples randomExamples(int dim, int classes, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[dim * n];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) x[i] = 2 * r.nextDouble() - 1;
    for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
    return new Examples(dim, classes, x, y);
  }
}
