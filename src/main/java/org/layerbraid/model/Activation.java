package org.layerbraid.model;

import java.util.Locale;

/** The nonlinearity σ of every layer, with the derivative the adjoint needs. */
public enum Activation {
  TANH {
    @Override public double apply(double x) { return Math.tanh(x); }
    @Override public double derivative(double x) {
      double t = Math.tanh(x);
      return 1 - t * t;
    }
  },
  RELU {
    @Override public double apply(double x) { return x > 0 ? x : 0; }
    @Override public double derivative(double x) { return x > 0 ? 1 : 0; }
  },
  /**
   * ReLU with a quadratic patch on |x| &lt; η (η = 0.1), as in the method authors' code: C¹, so the
   * adjoint (and hence MGRIT on the backward problem) sees no jump in σ'. Note σ(0) = η/4 ≠ 0.
   */
  SMOOTHRELU {
    @Override public double apply(double x) {
      if (x <= -ETA) return 0;
      if (x >= ETA) return x;
      return x * x / (4 * ETA) + x / 2 + ETA / 4;
    }
    @Override public double derivative(double x) {
      if (x <= -ETA) return 0;
      if (x >= ETA) return 1;
      return x / (2 * ETA) + 0.5;
    }
  };

  private static final double ETA = 0.1;

  public abstract double apply(double x);

  public abstract double derivative(double x);

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
