package org.layerbraid.train;

/**
 * The function an optimiser minimises on one batch: mean loss plus regularisers. One object per
 * batch; full-batch training keeps one object, so L-BFGS may reuse the value at its last point.
 */
public interface Objective {

  /** Value (and gradient when asked) at theta; theta is not modified. */
  Evaluation evaluate(double[] theta, boolean withGradient);

  /** J(θ), the data loss and accuracy that make it up, and ∇J (null when not asked for). */
  record Evaluation(double value, double meanLoss, double accuracy, long count, double[] gradient) {}
}
