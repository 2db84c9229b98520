package org.layerbraid.train;

import java.util.List;
import org.layerbraid.report.EpochRecord;

/**
 * A training run interrupted after an epoch, as {@link NestedIteration} resumes it: the level it was
 * in and what the earlier levels left (their networks, refinements and records), the trainer's
 * state in this level, and its propagation's. Resumed with the same settings, the run takes the
 * steps the uninterrupted run takes, bit for bit.
 *
 * @param level the schedule level, 0-based
 * @param elapsedBefore training seconds of the earlier levels and refinements
 * @param stepsBefore optimisation steps of the earlier levels
 * @param levelSolves the solves this level started with (tighter than configured when a stall's were carried)
 * @param earlierHistory the earlier levels' epoch records, steps counted from the run's start
 */
public record TrainingCheckpoint(int level, double elapsedBefore, int stepsBefore, SolvesChange levelSolves,
    List<EpochRecord> earlierHistory, List<NestedResult.Level> levels, List<NestedResult.Refinement> refinements,
    TrainerState trainer, PropagationState propagation) {

  public TrainingCheckpoint {
    earlierHistory = List.copyOf(earlierHistory);
    levels = List.copyOf(levels);
    refinements = List.copyOf(refinements);
    if (levels.size() != level || refinements.size() != level) {
      throw new IllegalArgumentException("a checkpoint in level " + level + " holds " + levels.size() + " earlier levels and "
          + refinements.size() + " refinements");
    }
  }

  /** Level and epoch as the progress display counts them. */
  public String where() {
    return "level " + (level + 1) + ", epoch " + trainer.epoch();
  }
}
