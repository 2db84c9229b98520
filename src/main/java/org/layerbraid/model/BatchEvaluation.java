package org.layerbraid.model;

import org.layerbraid.data.Examples;

/**
 * Loss and gradient of a batch of examples: opening layer, the residual chain (solved by the
 * given propagation), the classifier, and back again. The regularisers are not included: they
 * depend on the parameters only and are added once by whoever combines the batches.
 */
public final class BatchEvaluation {
  /**
   * Bytes of layer states one solve may hold: evaluating the 27,000 Fashion-MNIST examples of a
   * partition at once held 129 states of 1.8 GB each at depth 128 and ran a 10 GB driver out of
   * memory. Larger batches are solved in chunks whose sums are added, unless the propagation keeps
   * state per shard (warm starts), which needs the whole batch.
   */
  private static final long STATE_BYTES = 64L << 20;

  private BatchEvaluation() {}

  public static GradientSum evaluate(ResNet net, LayerPropagation propagation, Examples batch,
      boolean withGradient, int shard) {
    NetworkShape s = net.shape();
    if (batch.dim() != s.inputDim()) {
      throw new IllegalArgumentException("examples have " + batch.dim() + " features, network expects " + s.inputDim());
    }
    GradientSum out = new GradientSum(s.size(), withGradient);
    if (batch.size() == 0) return out;
    int chunk = chunkSize(s);
    if (batch.size() > chunk && !propagation.keepsShardState()) {
      return inChunks(net, propagation, batch, withGradient, shard, chunk);
    }
    double[] u0 = net.open(batch.features(), batch.size());
    LayerPropagation.WholeStep whole = withGradient ? propagation.wholeStep(net, u0, batch.labels(), out.grad, shard) : null;
    if (whole != null) {
      out.lossSum = whole.lossSum();
      out.correct = whole.correct();
      out.count = whole.count();
      net.openAdjoint(batch.features(), batch.size(), whole.lambda0(), out.grad);
      return out;
    }
    Trajectory forward = withGradient ? propagation.trajectory(net, u0, shard) : Trajectory.of(propagation.forward(net, u0, shard));
    ResNet.ClassifierResult c = net.classify(forward.last(), batch.labels(), out.grad);
    out.lossSum = c.lossSum();
    out.correct = c.correct();
    out.count = c.count();
    if (withGradient) {
      double[] lambda0 = propagation.backward(net, forward, c.lambda(), out.grad, shard);
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
    int chunk = chunkSize(net.shape());
    if (batch.size() > chunk && !propagation.keepsShardState()) {
      return probabilitiesInChunks(net, propagation, batch, chunk);
    }
    double[] u0 = net.open(batch.features(), batch.size());
    double[][] states = propagation.forward(net, u0, 0);
    return net.probabilities(states[net.shape().depth()]);
  }

  /** {@link #evaluate} of {@code batch}, {@code chunk} examples at a time: the sums add up. */
  static GradientSum inChunks(ResNet net, LayerPropagation propagation, Examples batch, boolean withGradient, int shard,
      int chunk) {
    GradientSum out = new GradientSum(net.shape().size(), withGradient);
    for (int from = 0; from < batch.size(); from += chunk) {
      Examples part = batch.slice(from, Math.min(batch.size(), from + chunk));
      out.add(evaluate(net, propagation, part, withGradient, shard));
    }
    return out;
  }

  /** {@link #probabilities}, {@code chunk} examples at a time. */
  static double[] probabilitiesInChunks(ResNet net, LayerPropagation propagation, Examples batch, int chunk) {
    int c = net.shape().numClasses();
    double[] p = new double[c * batch.size()];
    for (int from = 0; from < batch.size(); from += chunk) {
      double[] part = probabilities(net, propagation, batch.slice(from, Math.min(batch.size(), from + chunk)));
      System.arraycopy(part, 0, p, from * c, part.length);
    }
    return p;
  }

  /** Examples whose depth + 1 states of {@code width} fit {@link #STATE_BYTES}, at least 64. */
  /** Examples solved at once before a batch is cut into chunks ({@link #STATE_BYTES} of states). */
  public static int chunkSize(NetworkShape s) {
    long perExample = (long) (s.depth() + 1) * s.width() * Double.BYTES;
    return (int) Math.max(64, Math.min(Integer.MAX_VALUE, STATE_BYTES / perExample));
  }
}
