package org.layerbraid.model;

import java.util.Locale;

/**
 * The nonlinearity σ of every layer, with the derivative the adjoint needs. The piecewise ones are
 * written with min and max rather than branches: the JIT compiles those without jumps, and on
 * pre-activations of either sign a mispredicted branch per entry cost more than the products at
 * width 8 (about 5 ns an entry against 1.5).
 */
public enum Activation {
  TANH {
    @Override public double apply(double x) { return Math.tanh(x); }
    @Override public double derivative(double x) {
      double t = Math.tanh(x);
      return 1 - t * t;
    }
    @Override public double derivative(double x, double value) { return 1 - value * value; }
  },
  RELU {
    @Override public double apply(double x) { return Math.max(x, 0); }
    /** 1 for x &gt; 0 (ceil of a positive fraction), else 0. */
    @Override public double derivative(double x) { return Math.ceil(Math.min(Math.max(x, 0), 1)); }
  },
  /**
   * ReLU with a quadratic patch on |x| &lt; η (η = 0.1), as in the method authors' code: C¹, so the
   * adjoint (and hence MGRIT on the backward problem) sees no jump in σ'. Note σ(0) = η/4 ≠ 0.
   */
  SMOOTHRELU {
    /**
     * (x + η)²/(4η) on the patch, clamped to it, and x above it, where x is the larger of the
     * two ((x + η)²/(4η) − x = (x − η)²/(4η) ≥ 0): 0 below the patch exactly.
     */
    @Override public double apply(double x) {
      double c = Math.min(Math.max(x, -ETA), ETA) + ETA;
      return Math.max(c * c / (4 * ETA), x);
    }
    @Override public double derivative(double x) {
      return Math.min(Math.max(x / (2 * ETA) + 0.5, 0), 1);
    }
  };

  private static final double ETA = 0.1;

  public abstract double apply(double x);

  public abstract double derivative(double x);

  /**
   * σ'(x) given value = σ(x), so that a pass computing both evaluates tanh once; the piecewise
   * activations ignore the value.
   */
  public double derivative(double x, double value) { return derivative(x); }

  /** out[i] = σ(a[i]) for i in [0, len). */
  public void apply(double[] a, double[] out, int len) {
    for (int i = 0; i < len; i++) out[i] = apply(a[i]);
  }

  /** The lower-case names users write in configs: {@code tanh}, {@code relu}, {@code smoothrelu}. */
  public String configName() { return name().toLowerCase(Locale.ROOT); }

  public static Activation parse(String name) {
    return Choices.parse(values(), name, "activation");
  }
}
