package org.layerbraid.resnet;

import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.Mat;
import org.layerbraid.model.ResNet;

/**
 * Forward propagation as an MGRIT problem: a step from fine index n to m applies, with
 * h = Δt, layer n on the fine level and on coarse levels the {@link CoarseWeights} of layers
 * n … m − 1. States are {@code width × batch} matrices; their norm is the Frobenius norm.
 */
public record ResNetForwardStepper(ResNet net, LayerSpans spans) implements TimeStepper<double[]> {

  public ResNetForwardStepper(ResNet net, CoarseWeights coarse) {
    this(net, coarse.over(net));
  }

  @Override
  public double[] step(double[] u, double[] aux, int level, int from, int to, double tstart, double tstop) {
    return net.step(spans.spanning(from, to - from), tstop - tstart, u);
  }

  @Override
  public double[] sum(double a, double[] x, double b, double[] y) {
    return StateVectors.sum(a, x, b, y);
  }

  @Override
  public double norm(double[] v) { return Math.sqrt(Mat.sumSquares(v, 0, v.length)); }
}
