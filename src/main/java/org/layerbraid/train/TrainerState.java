package org.layerbraid.train;

import java.util.List;
import org.layerbraid.report.EpochRecord;

/**
 * Where {@link Trainer#train} stands after an epoch of one level: enough to take the next epochs as
 * it would have. The minibatch order needs no state of its own: {@link MinibatchPlan} draws each
 * epoch's order from the seed and the epoch number.
 *
 * @param epoch the last epoch done (1-based)
 * @param steps optimisation steps of this level so far
 * @param best the parameters kept so far (best score, or last) and their score and epoch
 * @param history this level's epoch records, steps counted from the level's start
 * @param seconds the level's training time so far
 */
public record TrainerState(int epoch, int steps, double[] theta, double[] best, double bestScore, int bestEpoch,
    Optimizer.State optimizer, List<EpochRecord> history, double seconds) {

  public TrainerState {
    history = List.copyOf(history);
    if (epoch < 1 || epoch != history.size()) {
      throw new IllegalArgumentException("a trainer state after epoch " + epoch + " holds " + history.size() + " epoch records");
    }
    if (best.length != theta.length) throw new IllegalArgumentException("kept parameters of another length");
    for (double[] v : optimizer.vectors()) {
      if (v.length != theta.length) throw new IllegalArgumentException("an optimiser vector of " + v.length + " entries for "
          + theta.length + " parameters");
    }
  }
}
