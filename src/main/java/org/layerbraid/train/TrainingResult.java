package org.layerbraid.train;

import java.util.List;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;

/** The parameters kept (best validation epoch, or last), the per-epoch history and the cost. */
public record TrainingResult(NetworkShape shape, double[] theta, List<EpochRecord> history, int keptEpoch,
    int steps, double seconds) {}
