package org.layerbraid.model;

import org.layerbraid.data.Examples;

/**
 * Loss and gradient of a batch of examples: opening layer, the residual chain (solved by the
 * given propagation), the classifier, and back again. The regularisers are not included: they
 * depend on the parameters only and are added once by whoever combines the batches.
 */
public final class BatchEvaluation {
  private BatchEvaluation() {}

  public static GradientSum evaluate(ResNet net, LayerPropagation propagation, Examples batch,
      boolean withGradient, int shard) {
    NetworkShape s = net.shape();
    if (batch.dim() != s.inputDim()) {
      throw new IllegalArgumentException("examples have " + batch.dim() + " features, network expects " + s.inputDim());
    }
    GradientSum out = new GradientSum(s.size(), withGradient);
    if (batch.size() == 0) return out;
    double[] u0 = net.open(batch.features(), batch.size());
    double[][] states = propagation.forward(net, u0, shard);
    ResNet.ClassifierResult c = net.classify(states[s.depth()], batch.labels(), out.grad);
    out.lossSum = c.lossSum();
    out.correct = c.correct();
    out.count = c.count();
    if (withGradient) {
      double[] lambda0 = propagation.backward(net, states, c.lambda(), out.grad, shard);
      net.openAdjoint(batch.features(), batch.size(), lambda0, out.grad);
    }
    return out;
  }

  /** Predicted class per example. */
  public static int[] predict(ResNet net, LayerPropagation propagation, Examples batch) {
    double[] p = probabilities(net, propagation, batch);
    int c = net.shape().numClasses();
    int[] pred = new int[batch.size()];
    for (int j = 0; j < pred.length; j++) pred[j] = Softmax.argmax(p, j * c, c);
    return pred;
  }

  /** Class probabilities, {@code classes × batch} column-major. */
  public static double[] probabilities(ResNet net, LayerPropagation propagation, Examples batch) {
    double[] u0 = net.open(batch.features(), batch.size());
    double[][] states = propagation.forward(net, u0, 0);
    return net.probabilities(states[net.shape().depth()]);
  }
}
