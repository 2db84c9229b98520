package org.layerbraid.train;

import org.layerbraid.model.Choices;
import org.layerbraid.model.Regularization;

/**
 * How one network is trained: epochs and batch size, the optimiser, the regularisers, a per-epoch
 * learning-rate decay, whether to keep the parameters with the best validation accuracy (Adam at
 * high rates is unstable late in training), and an accuracy at which to stop early (nested
 * iteration ends a level there).
 *
 * @param batchSize examples per step; 0 or less means full batch (one step per epoch)
 * @param learningRateDecay factor applied to the learning rate after every epoch (1 = constant)
 * @param stopAtTrainAccuracy stop once the epoch's training accuracy reaches this (above 1: never)
 * @param progressEvery report every this many epochs (and the last)
 * @param gradients where a batch is summed under serial propagation
 */
public record TrainingSettings(int epochs, int batchSize, Optimizer.Settings optimizer, Regularization regularization,
    double learningRateDecay, boolean keepBest, double stopAtTrainAccuracy, int progressEvery, long seed,
    Gradients gradients) {

  /**
   * Where serial propagation sums a batch: data parallel over the Spark partitions of the training
   * set, one Spark job per evaluation; or in the driver over the same blocks, collected once, for a
   * training set small enough that a job's fixed cost (tens of milliseconds) outweighs its
   * arithmetic. Both give the same numbers. MGRIT propagation runs where its engine says.
   */
  public enum Gradients {
    SPARK, DRIVER;

    public static Gradients parse(String s) {
      return Choices.parse(values(), s, "place for gradients");
    }
  }

  public TrainingSettings {
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
      throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
    }
    if (progressEvery < 1) throw new IllegalArgumentException("progressEvery must be >= 1, got " + progressEvery);
    if (optimizer == null || regularization == null || gradients == null) {
      throw new IllegalArgumentException("optimizer, regularization and gradients are required");
    }
  }

  public TrainingSettings withEpochs(int newEpochs) {
    return new TrainingSettings(newEpochs, batchSize, optimizer, regularization, learningRateDecay, keepBest,
        stopAtTrainAccuracy, progressEvery, seed, gradients);
  }
}
