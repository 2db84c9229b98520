package org.layerbraid.resnet;

import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.Mat;
import org.layerbraid.model.ResNet;

/**
 * Backward propagation as an MGRIT problem in reversed time: solve point i holds λ at layer N − i.
 * A step from solve index {@code from} to {@code to} arrives at layer n = N − to and applies the
 * transpose of the forward step that leaves layer n with the same Δt, linearised about the
 * forward state u_n, which the solve keeps as the aux data of point i: aux_i = u_{N−i−1} (see
 * {@link #auxFor}), and coarse levels take it from the last fine step of each interval. The
 * weights are those of the forward step over layers n … n + Δ − 1 ({@link CoarseWeights}), so every
 * level's adjoint is the exact adjoint of that level's forward step.
 */
public record ResNetAdjointStepper(ResNet net, LayerSpans spans) implements TimeStepper<double[]> {

  public ResNetAdjointStepper(ResNet net, CoarseWeights coarse) {
    this(net, coarse.over(net));
  }

  @Override
  public double[] step(double[] lambda, double[] forwardState, int level, int from, int to, double tstart, double tstop) {
    int n = net.shape().depth() - to;
    return net.stepAdjoint(spans.spanning(n, to - from), tstop - tstart, forwardState, lambda);
  }

  @Override
  public boolean coarseAuxFromLastFineStep() { return true; }

  /** The aux data of the adjoint solve's fine points from the forward states u_0 … u_N. */
  public static java.util.List<double[]> auxFor(double[][] forwardStates) {
    int depth = forwardStates.length - 1;
    java.util.List<double[]> aux = new java.util.ArrayList<>(depth + 1);
    for (int i = 0; i < depth; i++) aux.add(forwardStates[depth - i - 1]);
    aux.add(null); // no step leaves layer 0 backwards
    return aux;
  }

  @Override
  public double[] sum(double a, double[] x, double b, double[] y) {
    return StateVectors.sum(a, x, b, y);
  }

  @Override
  public double norm(double[] v) { return Math.sqrt(Mat.sumSquares(v, 0, v.length)); }
}
