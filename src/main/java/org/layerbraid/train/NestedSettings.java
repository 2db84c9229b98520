package org.layerbraid.train;

import java.util.Arrays;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.NetworkShape;

/**
 * The nested-iteration schedule (docs/design.md#nested-iteration): train a network of {@code N_0} layers, refine it by
 * {@code factor} in depth, train again, … for {@code levels} levels. The final level is the network
 * the run asks for, so {@code N_0 = N / factor^(levels−1)}. {@code constant} and {@code linear}
 * interpolation keep T (h shrinks by the factor per level); {@code zero} keeps h, so level k has
 * {@code T / factor^(levels−1−k)} and every refinement multiplies T by the factor.
 *
 * <p>Per-level values are arrays: empty means "the base {@link TrainingSettings}' value at every
 * level", one value applies to all levels, otherwise one value per level (coarsest first).
 *
 * @param epochs epoch cap per level
 * @param stopAtTrainAccuracy training accuracy that ends a level early (above 1: never)
 * @param learningRate optimiser learning rate per level (the optimiser restarts every level)
 * @param optimizer optimiser per level
 * @param batchSize minibatch size per level (0 = full batch): shallow levels' steps are cheap, so the
 *     fixed cost of a step (one Spark job) weighs more there, and larger batches pay it less often
 * @param refineSteps for this many layer solves (per data shard) after each refinement, MGRIT one-shot
 *     solves run {@code refineCycleFactor} times as many cycles; 0 = off
 * @param refineCycleFactor the multiplier of those first solves' cycles
 */
public record NestedSettings(int levels, int factor, DepthRefinement interpolation, int[] epochs,
    double[] stopAtTrainAccuracy, double[] learningRate, Optimizer.Kind[] optimizer, int[] batchSize,
    int refineSteps, int refineCycleFactor) {

  public NestedSettings {
    if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
    if (factor < 2) throw new IllegalArgumentException("refinement factor must be >= 2, got " + factor);
    if (interpolation == null) throw new IllegalArgumentException("interpolation is required");
    epochs = epochs == null ? new int[0] : epochs.clone();
    stopAtTrainAccuracy = stopAtTrainAccuracy == null ? new double[0] : stopAtTrainAccuracy.clone();
    learningRate = learningRate == null ? new double[0] : learningRate.clone();
    optimizer = optimizer == null ? new Optimizer.Kind[0] : optimizer.clone();
    batchSize = batchSize == null ? new int[0] : batchSize.clone();
    checkLength("epochs", epochs.length, levels);
    checkLength("stopAtTrainAccuracy", stopAtTrainAccuracy.length, levels);
    checkLength("learningRate", learningRate.length, levels);
    checkLength("optimizer", optimizer.length, levels);
    checkLength("batchSize", batchSize.length, levels);
    for (int b : batchSize) {
      if (b < 0) throw new IllegalArgumentException("batchSize must be >= 0 (0 = full batch) at every level, got " + b);
    }
    for (int e : epochs) if (e < 1) throw new IllegalArgumentException("epochs must be >= 1 at every level, got " + e);
    for (double lr : learningRate) {
      if (!(lr > 0)) throw new IllegalArgumentException("learningRate must be > 0 at every level, got " + lr);
    }
    for (double a : stopAtTrainAccuracy) {
      if (!(a > 0)) throw new IllegalArgumentException("stopAtTrainAccuracy must be > 0 at every level, got " + a);
    }
    if (refineSteps < 0) throw new IllegalArgumentException("refineSteps must be >= 0, got " + refineSteps);
    if (refineCycleFactor < 1) throw new IllegalArgumentException("refineCycleFactor must be >= 1, got " + refineCycleFactor);
  }

  private static void checkLength(String what, int length, int levels) {
    if (length > 1 && length != levels) {
      throw new IllegalArgumentException(what + " has " + length + " values for " + levels
          + " levels; give one value (all levels) or one per level");
    }
  }

  /** No nested iteration: one level, the base settings. */
  public static NestedSettings off() {
    return new NestedSettings(1, 2, DepthRefinement.LINEAR, null, null, null, null, null, 0, 1);
  }

  /** A schedule with the base settings at every level. */
  public static NestedSettings of(int levels, int factor, DepthRefinement interpolation) {
    return new NestedSettings(levels, factor, interpolation, null, null, null, null, null, 0, 1);
  }

  public NestedSettings withEpochs(int... perLevel) {
    return new NestedSettings(levels, factor, interpolation, perLevel, stopAtTrainAccuracy, learningRate, optimizer,
        batchSize, refineSteps, refineCycleFactor);
  }

  public NestedSettings withStopAtTrainAccuracy(double... perLevel) {
    return new NestedSettings(levels, factor, interpolation, epochs, perLevel, learningRate, optimizer, batchSize,
        refineSteps, refineCycleFactor);
  }

  public NestedSettings withLearningRate(double... perLevel) {
    return new NestedSettings(levels, factor, interpolation, epochs, stopAtTrainAccuracy, perLevel, optimizer,
        batchSize, refineSteps, refineCycleFactor);
  }

  public NestedSettings withOptimizer(Optimizer.Kind... perLevel) {
    return new NestedSettings(levels, factor, interpolation, epochs, stopAtTrainAccuracy, learningRate, perLevel,
        batchSize, refineSteps, refineCycleFactor);
  }

  public NestedSettings withBatchSize(int... perLevel) {
    return new NestedSettings(levels, factor, interpolation, epochs, stopAtTrainAccuracy, learningRate, optimizer,
        perLevel, refineSteps, refineCycleFactor);
  }

  public NestedSettings withRefineBoost(int steps, int cycleFactor) {
    return new NestedSettings(levels, factor, interpolation, epochs, stopAtTrainAccuracy, learningRate, optimizer,
        batchSize, steps, cycleFactor);
  }

  public boolean enabled() { return levels > 1; }

  /** factor^(levels − 1 − level): how many times level {@code level}'s depth goes into the final depth. */
  private int ratio(int level) {
    long r = 1;
    for (int k = level; k < levels - 1; k++) {
      r *= factor;
      if (r > Integer.MAX_VALUE) throw new IllegalArgumentException("factor^(levels-1) = " + factor + "^" + (levels - 1) + " is too large");
    }
    return (int) r;
  }

  /** Depth of the coarsest level, N / factor^(levels−1); fails unless that divides exactly. */
  public int coarsestDepth(int finalDepth) {
    int r = ratio(0);
    if (finalDepth % r != 0) {
      throw new IllegalArgumentException("final depth " + finalDepth + " is not divisible by factor^(levels-1) = "
          + factor + "^" + (levels - 1) + " = " + r + "; choose a depth that is a multiple of " + r
          + " or fewer levels");
    }
    return finalDepth / r;
  }

  /** The network of level {@code level} (0 = coarsest) when the final network is {@code finalShape}. */
  public NetworkShape shapeAt(NetworkShape finalShape, int level) {
    if (level < 0 || level >= levels) throw new IllegalArgumentException("level " + level + " outside 0.." + (levels - 1));
    coarsestDepth(finalShape.depth());
    int r = ratio(level);
    double t = interpolation == DepthRefinement.ZERO ? finalShape.finalTime() / r : finalShape.finalTime();
    return finalShape.withDepth(finalShape.depth() / r, t);
  }

  /** The training settings of level {@code level}: the base ones with this level's cap, threshold, optimiser and batch. */
  public TrainingSettings settingsAt(TrainingSettings base, int level) {
    Optimizer.Settings o = base.optimizer();
    Optimizer.Kind kind = optimizer.length == 0 ? o.kind() : optimizer[Math.min(level, optimizer.length - 1)];
    double lr = learningRate.length == 0 ? o.learningRate() : learningRate[Math.min(level, learningRate.length - 1)];
    Optimizer.Settings opt = new Optimizer.Settings(kind, lr, o.momentum(), o.beta1(), o.beta2(), o.epsilon(),
        o.lbfgsMemory(), o.lineSearchMaxSteps());
    int e = epochs.length == 0 ? base.epochs() : epochs[Math.min(level, epochs.length - 1)];
    double stop = stopAtTrainAccuracy.length == 0 ? base.stopAtTrainAccuracy()
        : stopAtTrainAccuracy[Math.min(level, stopAtTrainAccuracy.length - 1)];
    int batch = batchSize.length == 0 ? base.batchSize() : batchSize[Math.min(level, batchSize.length - 1)];
    return new TrainingSettings(e, batch, opt, base.regularization(), base.learningRateDecay(), base.keepBest(),
        stop, base.progressEvery(), base.seed(), base.gradients());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NestedSettings n && levels == n.levels && factor == n.factor && interpolation == n.interpolation
        && Arrays.equals(epochs, n.epochs) && Arrays.equals(stopAtTrainAccuracy, n.stopAtTrainAccuracy)
        && Arrays.equals(learningRate, n.learningRate) && Arrays.equals(optimizer, n.optimizer)
        && Arrays.equals(batchSize, n.batchSize) && refineSteps == n.refineSteps && refineCycleFactor == n.refineCycleFactor;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {levels, factor, interpolation, Arrays.hashCode(epochs),
        Arrays.hashCode(stopAtTrainAccuracy), Arrays.hashCode(learningRate), Arrays.hashCode(optimizer), Arrays.hashCode(batchSize), refineSteps,
        refineCycleFactor});
  }

  @Override
  public String toString() {
    if (!enabled()) return "no nested iteration";
    return levels + " levels, factor " + factor + ", " + interpolation.configName() + " interpolation"
        + (epochs.length > 0 ? ", epochs " + Arrays.toString(epochs) : "")
        + (stopAtTrainAccuracy.length > 0 ? ", stop at train accuracy " + Arrays.toString(stopAtTrainAccuracy) : "")
        + (learningRate.length > 0 ? ", learning rates " + Arrays.toString(learningRate) : "")
        + (optimizer.length > 0 ? ", optimizers " + Arrays.toString(optimizer) : "")
        + (batchSize.length > 0 ? ", batch sizes " + Arrays.toString(batchSize) : "")
        + (refineSteps > 0 ? ", " + refineSteps + " solves with x" + refineCycleFactor + " MGRIT cycles after each refinement" : "");
  }
}
