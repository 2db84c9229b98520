package org.layerbraid.study;

import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.train.EpochMonitor;

/**
 * Measures the target set every few epochs of a run into a {@link Curve}, and ends the run once
 * it has had both its step budget and its time budget (so one random-start run answers "at equal
 * cost" and "at equal wall time" at once).
 */
final class RunMonitor implements EpochMonitor {
  private final TargetSet target;
  private final int every;
  private final long stepBudget;
  private final double secondsBudget;
  private final Curve curve = new Curve();
  private int epochs;

  /** A monitor that never ends a run. */
  RunMonitor(TargetSet target, int every) {
    this(target, every, Long.MAX_VALUE, Double.POSITIVE_INFINITY);
  }

  RunMonitor(TargetSet target, int every, long stepBudget, double secondsBudget) {
    this.target = target;
    this.every = every;
    this.stepBudget = stepBudget;
    this.secondsBudget = secondsBudget;
  }

  @Override
  public boolean afterEpoch(EpochRecord r, NetworkShape shape, double[] theta) {
    epochs++;
    if (r.level() != level) { // a record's step counts from its level's start
      stepsBefore = steps;
      layerStepsBefore = layerSteps;
      level = r.level();
    }
    steps = stepsBefore + r.step();
    layerSteps = layerStepsBefore + r.step() * shape.depth();
    boolean done = steps >= stepBudget && r.elapsedSeconds() >= secondsBudget;
    boolean crosses = crossesBudget(r);
    // The first epoch and the epochs that reach a budget are always measured: a curve needs its
    // start, and the equal-cost and equal-time readings fall there.
    if (epochs == 1 || epochs % every == 0 || done || crosses) {
      curve.add(r.elapsedSeconds(), steps, layerSteps, target.accuracy(shape, theta), r.validationAccuracy());
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
}
