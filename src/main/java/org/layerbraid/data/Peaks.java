package org.layerbraid.data;

import java.util.SplittableRandom;

/**
 * The Peaks classification problem of the layer-parallel training paper: MATLAB's {@code peaks}
 * surface on a 256×256 grid over [−3, 3]², cut into five equal-width bands of z. Nothing is
 * downloaded; the grid and every sample are recomputed bit for bit from a seed.
 */
public final class Peaks {
  public static final int SIDE = 256;
  public static final int CLASSES = 5;
  public static final int DIM = 2;
  /** The authors' sizes: 5000 training and 200 validation points, balanced over the classes. */
  public static final int TRAIN_PER_CLASS = 1000;
  public static final int VALIDATION_PER_CLASS = 40;

  private static final Grid GRID = new Grid();

  private Peaks() {}

  public static double z(double x, double y) {
    return 3 * (1 - x) * (1 - x) * Math.exp(-x * x - (y + 1) * (y + 1))
        - 10 * (x / 5 - x * x * x - Math.pow(y, 5)) * Math.exp(-x * x - y * y)
        - Math.exp(-(x + 1) * (x + 1) - y * y) / 3;
  }

  /** Grid coordinate {@code i} of {@code linspace(−3, 3, 256)}. */
  public static double coordinate(int i) {
    return -3.0 + 6.0 * i / (SIDE - 1);
  }

  /** All 65536 grid points; example {@code j*256 + i} is (xs[i], ys[j]), so rows of a map follow y. */
  public static Examples grid() {
    return new Examples(DIM, CLASSES, GRID.features.clone(), GRID.labels.clone());
  }

  /**
   * {@code perClass} grid points of every class, drawn uniformly with replacement. Classes are
   * interleaved (example m has class m mod 5) so that any contiguous block is balanced too.
   */
  public static Examples sample(int perClass, long seed) {
    if (perClass <= 0) throw new IllegalArgumentException("perClass must be > 0, got " + perClass);
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] idx = new int[perClass * CLASSES];
    for (int r = 0, m = 0; r < perClass; r++) {
      for (int k = 0; k < CLASSES; k++) {
        int[] members = GRID.members[k];
        idx[m++] = members[rnd.nextInt(members.length)];
      }
    }
    return new Examples(DIM, CLASSES, GRID.features, GRID.labels).select(idx);
  }

  /** The validation set's seed, derived so that train and validation draws never share a stream. */
  public static long validationSeed(long seed) {
    return seed ^ 0x9E3779B97F4A7C15L;
  }

  /** Computed once: 65536 exponentials per call would dominate small tests and CLI start-up. */
  private static final class Grid {
    final double[] features = new double[SIDE * SIDE * DIM];
    final int[] labels = new int[SIDE * SIDE];
    final int[][] members = new int[CLASSES][];

    Grid() {
      double[] z = new double[SIDE * SIDE];
      double zmin = Double.POSITIVE_INFINITY;
      double zmax = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < SIDE; j++) {
        for (int i = 0; i < SIDE; i++) {
          int m = j * SIDE + i;
          features[m * DIM] = coordinate(i);
          features[m * DIM + 1] = coordinate(j);
          z[m] = z(coordinate(i), coordinate(j));
          zmin = Math.min(zmin, z[m]);
          zmax = Math.max(zmax, z[m]);
        }
      }
      double delta = (zmax - zmin) / CLASSES;
      int[] counts = new int[CLASSES];
      for (int m = 0; m < z.length; m++) {
        int k = (int) Math.ceil((z[m] - zmin) / delta) - 1;
        labels[m] = Math.max(0, Math.min(CLASSES - 1, k));
        counts[labels[m]]++;
      }
      for (int k = 0; k < CLASSES; k++) members[k] = new int[counts[k]];
      int[] fill = new int[CLASSES];
      for (int m = 0; m < labels.length; m++) members[labels[m]][fill[labels[m]]++] = m;
    }
  }
}
