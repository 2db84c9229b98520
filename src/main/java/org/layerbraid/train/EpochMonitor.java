package org.layerbraid.train;

import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;

/**
 * Watches a training run from outside after every epoch: measures the parameters on data the
 * trainer does not see (a test set, the Peaks grid) and may end the run (a wall-time or work
 * budget). The time it takes is not charged to the run: {@link Trainer} leaves it out of the
 * elapsed time of later epochs, so curves of accuracy against run time stay comparable however
 * often a study measures.
 */
@FunctionalInterface
public interface EpochMonitor {

  /** Watches nothing and never stops a run. */
  EpochMonitor NONE = (record, shape, theta) -> false;

  /**
   * Called after every epoch with its record and the current parameters (read only).
   *
   * @return true to end the run (the level and any later levels) after this epoch
   */
  boolean afterEpoch(EpochRecord record, NetworkShape shape, double[] theta);

  /** Both monitors, in order, after every epoch; the run ends when either asks. */
  static EpochMonitor both(EpochMonitor first, EpochMonitor second) {
    return (record, shape, theta) -> first.afterEpoch(record, shape, theta) | second.afterEpoch(record, shape, theta);
  }
}
