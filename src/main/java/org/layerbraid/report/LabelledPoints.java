package org.layerbraid.report;

/**
 * Points with class labels to draw over a decision map: point {@code k} is at
 * {@code (xs[k], ys[k])} with class {@code labels[k]}.
 */
public record LabelledPoints(double[] xs, double[] ys, int[] labels) {
  public LabelledPoints {
    if (xs.length != ys.length || xs.length != labels.length) {
      throw new IllegalArgumentException("xs, ys and labels must have equal lengths, got "
          + xs.length + ", " + ys.length + ", " + labels.length);
    }
  }

  public int size() {
    return labels.length;
  }
}
