package org.layerbraid.resnet;

import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.NetworkShape;

/**
 * The weight gradients from the final fine-grid sweep of an adjoint solve, block by block: at
 * adjoint point i (layer n = N − i − 1 is the step leaving it) the block holds λ_{n+1} as state
 * and u_n as aux, which is all ∂J/∂(K_n, b_n) needs. Each block (layer block × data shard) adds
 * its layers' contributions; summing the blocks sums over shards.
 */
public final class AdjointGradient {
  private AdjointGradient() {}

  public static double[] ofBlock(Block<double[]> b, TimeStepper<double[]> stepper) {
    return ofBlock(b, stepper, new double[((ResNetAdjointStepper) stepper).net().shape().size()]);
  }

  /** The same, added into {@code grad} (the whole parameter vector's length), which it returns. */
  public static double[] ofBlock(Block<double[]> b, TimeStepper<double[]> stepper, double[] grad) {
    ResNetAdjointStepper s = (ResNetAdjointStepper) stepper;
    NetworkShape shape = s.net().shape();
    for (int k = 0; k < b.size(); k++) {
      int i = b.first() + k;
      if (i >= shape.depth()) continue; // λ_0 at the last point: no layer leaves it
      s.net().layerGradient(shape.depth() - i - 1, shape.stepSize(), b.auxAt(k), b.state(k), grad);
    }
    return grad;
  }
}
