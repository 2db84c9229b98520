package org.layerbraid.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.layerbraid.report.Progress;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.Options;
import org.layerbraid.train.CheckpointFolder;
import org.layerbraid.train.CheckpointFormat;
import org.layerbraid.train.Checkpointing;
import org.layerbraid.train.TrainingCheckpoint;

/**
 * train's checkpoint in its output folder: whether the run resumes and from what, the saving of new
 * checkpoints, and their removal once the results are published. A checkpoint records the settings
 * it was made with, and a resume with other settings is refused naming the first key that differs,
 * since it could not give the uninterrupted run's result.
 */
final class Resume {
  /** Keys that change what a run prints or how often it saves, not what it computes: a resume may change them. */
  private static final Set<String> FREE = Set.of("output.progress", "train.progressEvery", "checkpoint.every");

  private final CheckpointFolder folder;
  private final Checkpointing checkpointing;

  private Resume(CheckpointFolder folder, Checkpointing checkpointing) {
    this.folder = folder;
    this.checkpointing = checkpointing;
  }

  /**
   * The checkpoints of a run writing to {@code out}: resumed from when {@code resume} and there is one
   * (without one the run starts from the beginning, so that a scheduler's retry may always pass
   * --resume); a checkpoint found without {@code resume} is refused unless {@code overwrite}.
   */
  static Resume in(OutputFolder out, Config config, boolean resume, boolean overwrite, Progress progress) {
    CheckpointFolder folder = new CheckpointFolder(out.fileSystem(), out.path());
    Map<String, String> settings = config.effective();
    TrainingCheckpoint from = null;
    if (folder.exists() && !resume && !overwrite) {
      throw new IllegalArgumentException("--out " + out.target() + " holds the checkpoint of an unfinished run (" + folder
          + "); pass --resume to continue it, or --overwrite to start afresh");
    }
    if (resume && folder.exists()) {
      CheckpointFormat.Contents saved = folder.load();
      checkSame(saved.config(), config, folder);
      from = saved.checkpoint();
    } else if (resume) {
      progress.message("no checkpoint in " + out.target() + ": training from the start");
    }
    int every = config.integer("checkpoint.every");
    return new Resume(folder, new Checkpointing(from, every, c -> folder.save(settings, c)));
  }

  Checkpointing checkpointing() { return checkpointing; }

  /** The run's results are published: its checkpoint is not needed any more. */
  void finished() { folder.delete(); }

  private static void checkSame(Map<String, String> saved, Config now, CheckpointFolder folder) {
    Map<String, String> current = now.effective();
    Set<String> keys = new TreeSet<>(current.keySet());
    keys.addAll(saved.keySet());
    for (String key : keys) {
      if (FREE.contains(key)) continue;
      // A key this build has and the checkpoint's does not was at its default then.
      String then = saved.containsKey(key) || Options.find(key) == null ? saved.get(key) : Options.find(key).defaultText();
      String value = current.get(key);
      if (!Objects.equals(then, value)) {
        throw new IllegalArgumentException("--resume: " + key + " is " + shown(value)
            + (value == null ? "" : " (" + now.origin(key) + ")") + ", but the checkpoint " + folder + " was made with "
            + shown(then) + "; resume with the settings it was made with, or start afresh with --overwrite");
      }
    }
  }

  private static String shown(String value) {
    return value == null ? "not a key of this build" : "'" + value + "'";
  }
}
