package org.layerbraid.train;

import java.util.List;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;

/**
 * The parameters kept (best validation epoch, or last), the per-epoch history and the cost.
 *
 * @param seconds wall time of the training, without the time an {@link EpochMonitor} took
 * @param stoppedByMonitor the run ended because its monitor asked, before its epochs or threshold
 */
public record TrainingResult(NetworkShape shape, double[] theta, List<EpochRecord> history, int keptEpoch,
    int steps, double seconds, boolean stoppedByMonitor) {}
