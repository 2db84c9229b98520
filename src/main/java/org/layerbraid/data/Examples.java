package org.layerbraid.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A block of labelled examples held the way the network consumes them: features column-major,
 * one column per example ({@code dim × n}), so that a block is directly the input matrix of a
 * minibatch. Immutable once built; it travels inside RDD partitions, hence serializable.
 */
public final class Examples implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dim;
  private final int numClasses;
  private final double[] features;
  private final int[] labels;

  /** Takes ownership of the arrays; {@code features.length == dim * labels.length}. */
  public Examples(int dim, int numClasses, double[] features, int[] labels) {
    if (dim <= 0) throw new IllegalArgumentException("dim must be > 0, got " + dim);
    if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    if (features.length != (long) dim * labels.length) {
      throw new IllegalArgumentException("features has " + features.length + " values, expected dim "
          + dim + " x n " + labels.length + " = " + (long) dim * labels.length);
    }
    this.dim = dim;
    this.numClasses = numClasses;
    this.features = features;
    this.labels = labels;
  }

  public int dim() { return dim; }
  public int numClasses() { return numClasses; }
  public int size() { return labels.length; }
  /** Column-major {@code dim × size()} feature matrix; do not modify. */
  public double[] features() { return features; }
  /** Class indices in {@code [0, numClasses)}; do not modify. */
  public int[] labels() { return labels; }

  public int label(int i) { return labels[i]; }
  public double feature(int i, int j) { return features[i * dim + j]; }

  /** The examples at the given positions, in that order (repeats allowed). */
  public Examples select(int[] idx) {
    double[] x = new double[idx.length * dim];
    int[] y = new int[idx.length];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(features, idx[k] * dim, x, k * dim, dim);
      y[k] = labels[idx[k]];
    }
    return new Examples(dim, numClasses, x, y);
  }

  /** Examples {@code [from, to)}. */
  public Examples slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside [0, " + size() + ")");
    }
    return new Examples(dim, numClasses, Arrays.copyOfRange(features, from * dim, to * dim),
        Arrays.copyOfRange(labels, from, to));
  }

  /** Number of examples per class. */
  public int[] classCounts() {
    int[] c = new int[numClasses];
    for (int y : labels) c[y]++;
    return c;
  }
}
