package org.layerbraid.resnet;

/** The vector sum both ResNet steppers share. */
final class StateVectors {
  private StateVectors() {}

  /** a·x + b·y as a new array; y null means zero. */
  static double[] sum(double a, double[] x, double b, double[] y) {
    double[] out = new double[x.length];
    if (y == null) {
      for (int i = 0; i < x.length; i++) out[i] = a * x[i];
    } else {
      if (y.length != x.length) throw new IllegalArgumentException("state sizes differ: " + x.length + " vs " + y.length);
      for (int i = 0; i < x.length; i++) out[i] = a * x[i] + b * y[i];
    }
    return out;
  }
}
