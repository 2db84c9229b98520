package org.layerbraid.engine;

import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.Mat;
import org.layerbraid.model.ResNet;

/**
 * Backward propagation as an MGRIT problem in reversed time: solve point i holds λ at layer N − i.
 * A step from solve index {@code from} to {@code to} arrives at layer n = N − to and applies the
 * transpose of the forward step that leaves layer n with the same Δt, linearised about the stored
 * forward state u_n. So every level's adjoint is the exact adjoint of that level's forward step.
 */
public record ResNetAdjointStepper(ResNet net, double[][] forwardStates) implements TimeStepper<double[]> {

  @Override
  public double[] step(double[] lambda, int level, int from, int to, double tstart, double tstop) {
    int n = net.shape().depth() - to;
    return net.stepAdjoint(n, tstop - tstart, forwardStates[n], lambda, null);
  }

  @Override
  public double[] sum(double a, double[] x, double b, double[] y) {
    return StateVectors.sum(a, x, b, y);
  }

  @Override
  public double norm(double[] v) { return Math.sqrt(Mat.sumSquares(v, 0, v.length)); }
}
