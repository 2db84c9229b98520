package org.layerbraid.model;

/** Layer after layer: the forward-Euler chain and its discrete adjoint, as plain loops. */
public final class SerialPropagation implements LayerPropagation {

  /** Nothing is kept between calls. */
  @Override
  public boolean concurrent() { return true; }

  @Override
  public double[][] forward(ResNet net, double[] u0, int shard) {
    NetworkShape s = net.shape();
    double h = s.stepSize();
    double[][] states = new double[s.depth() + 1][];
    states[0] = u0;
    for (int n = 0; n < s.depth(); n++) states[n + 1] = net.step(n, h, states[n]);
    return states;
  }

  @Override
  public double[] backward(ResNet net, double[][] states, double[] lambdaN, double[] grad, int shard) {
    NetworkShape s = net.shape();
    double h = s.stepSize();
    double[] lambda = lambdaN;
    for (int n = s.depth() - 1; n >= 0; n--) lambda = net.stepAdjoint(n, h, states[n], lambda, grad);
    return lambda;
  }
}
