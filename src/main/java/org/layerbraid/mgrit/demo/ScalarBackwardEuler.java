package org.layerbraid.mgrit.demo;

import org.layerbraid.mgrit.TimeStepper;

/**
 * XBraid's first example: u' = λu stepped by backward Euler, u_{i+1} = u_i / (1 − λ·Δt). States
 * are one-element arrays. Coarse levels take larger Δt, so their propagator is not the fine one
 * composed: MGRIT has real work to do, and the exact solution of the fine problem is known in
 * closed form, u_i = u0 / (1 − λΔt)^i.
 */
public record ScalarBackwardEuler(double lambda) implements TimeStepper<double[]> {

  @Override
  public double[] step(double[] u, double[] aux, int level, int from, int to, double tstart, double tstop) {
    return new double[] {u[0] / (1 - lambda * (tstop - tstart))};
  }

  @Override
  public double[] sum(double a, double[] x, double b, double[] y) {
    return new double[] {a * x[0] + (y == null ? 0 : b * y[0])};
  }

  @Override
  public double norm(double[] v) { return Math.abs(v[0]); }
}
