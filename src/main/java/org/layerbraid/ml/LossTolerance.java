package org.layerbraid.ml;

import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.train.EpochMonitor;

/**
 * The {@code tol} param: ends training once the training loss changes by less than {@code tol}
 * times its previous value from one epoch to the next, as MLlib's solvers stop on a small relative
 * change of the objective. Only the last level counts: under nested iteration ending a coarser one
 * would end the whole run at the wrong depth.
 */
final class LossTolerance implements EpochMonitor {
  private final double tol;
  private final int lastLevel;
  private double previous = Double.NaN;

  LossTolerance(double tol, int levels) {
    this.tol = tol;
    this.lastLevel = levels - 1;
  }

  @Override
  public boolean afterEpoch(EpochRecord record, NetworkShape shape, double[] theta) {
    if (record.level() != lastLevel) return false;
    double loss = record.trainLoss();
    boolean converged = Math.abs(previous - loss) <= tol * Math.abs(previous);
    previous = loss;
    return converged;
  }
}
