package org.layerbraid.engine;

import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.Mat;
import org.layerbraid.model.ResNet;

/**
 * Forward propagation as an MGRIT problem: a step from fine index n over Δt applies layer n with
 * h = Δt, so coarse levels use the fine weights at their C-points with the larger step. States are
 * {@code width × batch} matrices; their norm is the Frobenius norm.
 */
public record ResNetForwardStepper(ResNet net) implements TimeStepper<double[]> {

  @Override
  public double[] step(double[] u, double[] aux, int level, int from, int to, double tstart, double tstop) {
    return net.step(from, tstop - tstart, u);
  }

  @Override
  public double[] sum(double a, double[] x, double b, double[] y) {
    return StateVectors.sum(a, x, b, y);
  }

  @Override
  public double norm(double[] v) { return Math.sqrt(Mat.sumSquares(v, 0, v.length)); }
}
