package org.layerbraid.train;

import java.util.List;
import org.layerbraid.model.NetworkShape;

/**
 * What a nested-iteration schedule produced: the combined result (final network, history of all
 * levels in order, total steps and time), each level's own network and cost, and what every
 * refinement did to the training loss and accuracy.
 */
public record NestedResult(TrainingResult result, List<Level> levels, List<Refinement> refinements) {

  /**
   * One level of the schedule.
   *
   * @param theta the parameters handed on (kept epoch: best validation, or last)
   * @param epochs epochs run at this level
   * @param reachedThreshold the level ended because training accuracy reached its threshold
   * @param seconds wall time of the level's training
   */
  public record Level(int level, NetworkShape shape, double[] theta, int epochs, int keptEpoch, int steps,
      double seconds, boolean reachedThreshold) {}

  /**
   * The refinement into level {@code toLevel}: loss and accuracy over the whole training set, with
   * serial (exact) propagation, of the coarse network handed on and of the refined network it became.
   */
  public record Refinement(int toLevel, int fromDepth, int toDepth, double lossBefore, double accuracyBefore,
      double lossAfter, double accuracyAfter, double seconds) {}
}
