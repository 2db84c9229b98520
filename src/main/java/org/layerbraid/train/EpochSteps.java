package org.layerbraid.train;

import java.io.Serializable;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * The minibatch steps of one epoch and the sums its record needs. The loop is the same wherever the
 * epoch runs: batch by batch from the driver, or whole inside the tasks of one barrier stage
 * ({@link BatchSource#wholeEpoch}), where every task takes the same steps on the same summed
 * gradients.
 */
final class EpochSteps {
  private EpochSteps() {}

  /** The epoch's data loss and correct predictions summed over its batches, its examples, and its steps. */
  record Sums(double lossSum, double correct, long count, int steps) implements Serializable {}

  /**
   * Takes one optimiser step on each batch's objective, theta updated in place; {@code beforeStep}
   * hears each batch's index before its step.
   */
  static Sums run(Optimizer optimizer, double[] theta, int batches, IntFunction<Objective> objectives,
      IntConsumer beforeStep) {
    double lossSum = 0, correct = 0;
    long count = 0;
    for (int b = 0; b < batches; b++) {
      beforeStep.accept(b);
      Objective.Evaluation e = optimizer.step(theta, objectives.apply(b));
      lossSum += e.meanLoss() * e.count();
      correct += e.accuracy() * e.count();
      count += e.count();
    }
    return new Sums(lossSum, correct, count, batches);
  }
}
