package org.layerbraid.model;

import java.io.Serializable;

/**
 * Loss, correct predictions and parameter gradient summed over examples. Sums (not means) so that
 * shards, partitions and minibatch pieces combine by addition, e.g. in {@code treeAggregate}.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  public double lossSum;
  public long correct;
  public long count;
  /** Gradient of lossSum; null when only the loss was evaluated. */
  public final double[] grad;

  public GradientSum(int numParameters, boolean withGradient) {
    this.grad = withGradient ? new double[numParameters] : null;
  }

  /** this += other; returns this. */
  public GradientSum add(GradientSum other) {
    lossSum += other.lossSum;
    correct += other.correct;
    count += other.count;
    if (grad != null) Mat.axpy(grad.length, 1.0, other.grad, 0, grad, 0);
    return this;
  }

  /** As one vector (loss sum, correct, count, whether there is a gradient, the gradient), to send in bulk. */
  public double[] packed() {
    double[] v = new double[4 + (grad == null ? 0 : grad.length)];
    v[0] = lossSum;
    v[1] = correct;
    v[2] = count;
    v[3] = grad == null ? 0 : 1;
    if (grad != null) System.arraycopy(grad, 0, v, 4, grad.length);
    return v;
  }

  /** The sums a {@link #packed} vector holds (counts below 2^53 are exact as doubles). */
  public static GradientSum unpacked(double[] v) {
    GradientSum s = new GradientSum(v.length - 4, v[3] != 0);
    s.lossSum = v[0];
    s.correct = (long) v[1];
    s.count = (long) v[2];
    if (s.grad != null) System.arraycopy(v, 4, s.grad, 0, s.grad.length);
    return s;
  }

  public double meanLoss() { return count == 0 ? Double.NaN : lossSum / count; }

  public double accuracy() { return count == 0 ? Double.NaN : (double) correct / count; }
}
