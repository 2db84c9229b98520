package org.layerbraid.train;

import java.util.function.Consumer;

/**
 * Checkpoints of a training run: where it resumes from (null: from the start), and every how many
 * epochs of a level (0: never) its state is handed to {@code save}. A level's last epoch is not
 * saved: the next thing after it is the next level or the run's results, and a resume from the
 * epoch before repeats it exactly.
 */
public record Checkpointing(TrainingCheckpoint resumeFrom, int every, Consumer<TrainingCheckpoint> save) {
  public static final Checkpointing NONE = new Checkpointing(null, 0, c -> {});

  public Checkpointing {
    if (every < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0 epochs, got " + every);
  }
}
