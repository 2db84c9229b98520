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

  /** The states with each step's slope σ'(a_n), which the adjoint sweep would otherwise recompute. */
  @Override
  public Trajectory trajectory(ResNet net, double[] u0, int shard) {
    NetworkShape s = net.shape();
    double h = s.stepSize();
    double[][] states = new double[s.depth() + 1][];
    double[][] slopes = new double[s.depth()][];
    states[0] = u0;
    for (int n = 0; n < s.depth(); n++) {
      slopes[n] = new double[u0.length];
      states[n + 1] = net.step(n, h, states[n], slopes[n]);
    }
    return new Trajectory(states, slopes);
  }

  @Override
  public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
    NetworkShape s = net.shape();
    double h = s.stepSize();
    double[][] states = forward.states(), slopes = forward.slopes();
    // One array carries λ down the layers, stepped in place: no adjoint but λ_0 is kept.
    double[] lambda = lambdaN.clone();
    for (int n = s.depth() - 1; n >= 0; n--) {
      net.stepAdjointInto(n, h, states[n], slopes == null ? null : slopes[n], lambda, lambda, grad);
    }
    return lambda;
  }
}
