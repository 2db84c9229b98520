package org.layerbraid.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training epoch achieved and cost. Accuracies are fractions in {@code [0, 1]}.
 *
 * @param level nested-iteration level, 0-based
 * @param depth number of hidden layers (time steps) of the network at this level
 * @param epoch epoch number within the level, 1-based (1 after the first epoch)
 * @param step optimisation steps taken since the run started
 * @param elapsedSeconds wall time since the run started, at the end of this epoch
 * @param epochSeconds wall time of this epoch alone
 * @param mgritForwardIterations mean MGRIT iterations per step of the forward solve; 0 when the
 *     layers were propagated serially
 * @param mgritBackwardIterations the same for the adjoint (backward) solve
 * @param mgritResidual residual norm after the last forward solve; NaN when serial
 * @param examplesPerSecond training examples processed per second of this epoch
 */
public record EpochRecord(
    int level,
    int depth,
    int epoch,
    long step,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double elapsedSeconds,
    double epochSeconds,
    double mgritForwardIterations,
    double mgritBackwardIterations,
    double mgritResidual,
    double examplesPerSecond) {

  /** True when the epoch ran MGRIT rather than serial propagation. */
  public boolean usedMgrit() {
    return mgritForwardIterations > 0 || mgritBackwardIterations > 0;
  }
}
