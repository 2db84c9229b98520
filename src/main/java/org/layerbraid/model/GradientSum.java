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

  public double meanLoss() { return count == 0 ? Double.NaN : lossSum / count; }

  public double accuracy() { return count == 0 ? Double.NaN : (double) correct / count; }
}
