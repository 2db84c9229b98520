package org.layerbraid.train;

import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;

/**
 * Where the training examples live and how a batch's loss and gradient are summed over them:
 * blocks in this JVM, or blocks in the partitions of a Spark RDD. The trainer sees only this.
 */
public interface BatchSource {

  long size();

  /** Loss and gradient sums of batch b of the epoch, over all blocks, at theta. */
  GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
      int epoch, int batch, boolean withGradient);

  /** Loss (and gradient) sums over every example once, at theta: the whole set as one batch. */
  default GradientSum wholeSet(double[] theta, NetworkShape shape, LayerPropagation propagation, boolean withGradient) {
    return sum(theta, shape, propagation, new MinibatchPlan(0, 1), 0, 0, withGradient);
  }

  /**
   * Runs a whole epoch of minibatch steps where the examples live, from theta and an optimiser of
   * these settings in this state, and returns where the steps ended; the same steps, in the same
   * order, on the same numbers as taking them one {@link #objective} at a time. Null when this
   * source cannot run an epoch so (the trainer then takes the steps itself).
   */
  default EpochEnd wholeEpoch(double[] theta, Optimizer.Settings optimizer, Optimizer.State state, NetworkShape shape,
      Regularization reg, LayerPropagation propagation, MinibatchPlan plan, int epoch) {
    return null;
  }

  /** The same examples with no whole epochs: every step on its own (the reference a whole epoch must equal). */
  default BatchSource stepByStep() {
    BatchSource self = this;
    return new BatchSource() {
      @Override
      public long size() { return self.size(); }

      @Override
      public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
          int epoch, int batch, boolean withGradient) {
        return self.sum(theta, shape, propagation, plan, epoch, batch, withGradient);
      }
    };
  }

  /** Where a {@link #wholeEpoch} ended: the parameters, the optimiser's state, and the epoch's sums. */
  record EpochEnd(double[] theta, Optimizer.State optimizer, EpochSteps.Sums sums) implements java.io.Serializable {}

  /** The objective of one batch: the summed loss made a mean, plus the regularisers. */
  default Objective objective(NetworkShape shape, Regularization reg, LayerPropagation propagation,
      MinibatchPlan plan, int epoch, int batch) {
    return (theta, withGradient) -> {
      GradientSum s = sum(theta, shape, propagation, plan, epoch, batch, withGradient);
      if (s.count == 0) throw new IllegalStateException("batch " + batch + " of epoch " + epoch + " is empty");
      double[] grad = null;
      if (withGradient) {
        grad = s.grad;
        for (int i = 0; i < grad.length; i++) grad[i] /= s.count;
      }
      double value = s.meanLoss() + reg.addValueAndGradient(shape, theta, grad);
      return new Objective.Evaluation(value, s.meanLoss(), s.accuracy(), s.count, grad);
    };
  }
}
