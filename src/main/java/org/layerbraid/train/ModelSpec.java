package org.layerbraid.train;

import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;

/** The network to train, apart from what the data decides (input dimension, classes). */
public record ModelSpec(int width, int depth, double finalTime, Activation activation, BiasMode bias,
    double initOpen, double initHidden, double initClass) {

  public NetworkShape shape(int inputDim, int numClasses) {
    return new NetworkShape(inputDim, width, depth, numClasses, finalTime, activation, bias);
  }

  public Initialization initialization(long seed) {
    return new Initialization(initOpen, initHidden, initClass, seed);
  }
}
