package org.layerbraid.study;

import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.train.EpochMonitor;

/**
 * Measures the target set every few epochs of a run into a {@link Curve}, and ends the run once
 * it has had both its step budget and its time budget (so one random-start run answers "at equal
 * cost" and "at equal wall time" at once). Steps are counted in batches of the base size
 * ({@code train.batchSize}, the random start's): a level whose batches are four times larger counts
 * every step four times, so that "steps" keeps meaning examples seen when nested iteration's levels
 * take batches of their own size.
 */
final class RunMonitor implements EpochMonitor {
  private final TargetSet target;
  private final int every;
  private final long stepBudget;
  private final double secondsBudget;
  private final double[] stepWeights;
  private final Curve curve = new Curve();
  private int epochs;

  /** A monitor that never ends a run. */
  RunMonitor(TargetSet target, int every) {
    this(target, every, new double[] {1});
  }

  /**
   * A monitor that never ends a run; {@code stepWeights[k]} is what one step of level k counts in
   * steps of the base batch size (the ratio of the batch sizes).
   */
  RunMonitor(TargetSet target, int every, double[] stepWeights) {
    this(target, every, Long.MAX_VALUE, Double.POSITIVE_INFINITY, stepWeights);
  }

  /**
   * A monitor of a one-level run that ends it once it has had both budgets; a step counts
   * {@code stepWeight} steps of the base batch size.
   */
  RunMonitor(TargetSet target, int every, long stepBudget, double secondsBudget, double stepWeight) {
    this(target, every, stepBudget, secondsBudget, new double[] {stepWeight});
  }

  private RunMonitor(TargetSet target, int every, long stepBudget, double secondsBudget, double[] stepWeights) {
    this.target = target;
    this.every = every;
    this.stepBudget = stepBudget;
    this.secondsBudget = secondsBudget;
    this.stepWeights = stepWeights.clone();
  }

  @Override
  public boolean afterEpoch(EpochRecord r, NetworkShape shape, double[] theta) {
    epochs++;
    if (r.level() != level) { // a record's step counts from its level's start
      stepsBefore = steps;
      layerStepsBefore = layerSteps;
      level = r.level();
    }
    long levelSteps = Math.round(r.step() * stepWeights[Math.min(r.level(), stepWeights.length - 1)]);
    steps = stepsBefore + levelSteps;
    layerSteps = layerStepsBefore + levelSteps * shape.depth();
    boolean done = steps >= stepBudget && r.elapsedSeconds() >= secondsBudget;
    boolean crosses = crossesBudget(r);
    // The first epoch and the epochs that reach a budget are always measured: a curve needs its
    // start, and the equal-cost and equal-time readings fall there.
    if (epochs == 1 || epochs % every == 0 || done || crosses) {
      curve.add(r.elapsedSeconds(), steps, layerSteps, shape.depth(), target.accuracy(shape, theta),
          r.validationAccuracy());
    }
    return done;
  }

  private int level;
  private long steps, layerSteps, stepsBefore, layerStepsBefore;
  private long lastStep;
  private double lastSeconds;

  /** True for the epoch that first reaches the step budget or the time budget. */
  private boolean crossesBudget(EpochRecord r) {
    boolean crosses = (lastStep < stepBudget && steps >= stepBudget)
        || (lastSeconds < secondsBudget && r.elapsedSeconds() >= secondsBudget);
    lastStep = steps;
    lastSeconds = r.elapsedSeconds();
    return crosses;
  }

  Curve curve() { return curve; }

  /** Steps so far, over all levels, in batches of the base size. */
  long steps() { return steps; }

  /** Steps so far weighted by the depth they were taken at. */
  long layerSteps() { return layerSteps; }
}
