package org.layerbraid.model;

import java.io.Serializable;

/**
 * The regularisers of the objective (docs/design.md#objective-and-regularisation): Tikhonov on the hidden layers, a penalty on the
 * time derivative of the hidden weights (γ_ddt: keeps weights smooth across layers so coarse
 * MGRIT grids approximate the fine one), and Tikhonov on the classifier. With {@code scaled} the
 * hidden sums are multiplied by h, making them Riemann sums of ∫‖K‖² and ∫‖K'‖² so networks of
 * different depth approximate one continuous objective (what nested iteration needs).
 */
public record Regularization(double tik, double ddt, double cls, boolean scaled) implements Serializable {

  public Regularization {
    if (!(tik >= 0) || !(ddt >= 0) || !(cls >= 0)) {
      throw new IllegalArgumentException("regularisation weights must be >= 0, got tik=" + tik
          + " ddt=" + ddt + " cls=" + cls);
    }
  }

  public static Regularization none() { return new Regularization(0, 0, 0, false); }

  /** Returns the regularisation value and, when grad is not null, adds its gradient into grad. */
  public double addValueAndGradient(NetworkShape shape, double[] theta, double[] grad) {
    return addValueAndGradient(shape, theta, grad, 0, shape.depth(), true);
  }

  /**
   * The terms that touch hidden layers lo … hi − 1 (and the classifier's, if asked): their value,
   * and their gradient added into grad, exactly as the whole sum adds it to those layers, element
   * by element in the same order. The penalty on the time derivative also reads the layers just
   * outside the range, lo − 1 and hi, and adds into their gradient, which is not theirs complete.
   */
  public double addValueAndGradient(NetworkShape shape, double[] theta, double[] grad, int lo, int hi,
      boolean classifier) {
    double h = shape.stepSize();
    double weight = scaled ? h : 1.0;
    int len = shape.layerLength();
    double value = 0;
    for (int n = lo; n < hi; n++) {
      int off = shape.layerWeights(n);
      value += 0.5 * tik * weight * Mat.sumSquares(theta, off, len);
      if (grad != null) Mat.axpy(len, tik * weight, theta, off, grad, off);
    }
    // Pairs (n − 1, n) touching the range: n = lo … hi (none for an empty range).
    int lastPair = lo < hi ? Math.min(shape.depth() - 1, hi) : lo - 1;
    for (int n = Math.max(1, lo); n <= lastPair; n++) {
      int cur = shape.layerWeights(n), prev = shape.layerWeights(n - 1);
      for (int i = 0; i < len; i++) {
        double d = (theta[cur + i] - theta[prev + i]) / h;
        value += 0.5 * ddt * weight * d * d;
        if (grad != null) {
          double g = ddt * weight * d / h;
          grad[cur + i] += g;
          grad[prev + i] -= g;
        }
      }
    }
    if (!classifier) return value;
    int clsOff = shape.classWeights(), clsLen = shape.size() - clsOff;
    value += 0.5 * cls * Mat.sumSquares(theta, clsOff, clsLen);
    if (grad != null) Mat.axpy(clsLen, cls, theta, clsOff, grad, clsOff);
    return value;
  }
}
