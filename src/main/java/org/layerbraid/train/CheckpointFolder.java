package org.layerbraid.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.layerbraid.model.PathReplacement;

/**
 * The checkpoint of a training run, {@code checkpoint/state.bin} in its output folder, on any Hadoop
 * file system ({@link CheckpointFormat}). Every save writes a complete new folder under a hidden name
 * and swaps it in through {@link PathReplacement}, so a kill at any moment leaves the new
 * checkpoint or the previous one, never a part of either.
 */
public final class CheckpointFolder {
  /** The folder's name inside the output folder. */
  public static final String NAME = "checkpoint";
  private static final String FILE = "state.bin";

  private final FileSystem fs;
  private final Path folder;

  /** The checkpoint of the run whose output folder is {@code out}; what a kill left of a save is put right. */
  public CheckpointFolder(FileSystem fs, Path out) {
    this.fs = fs;
    this.folder = new Path(out, NAME);
    try {
      PathReplacement.recover(fs, folder);
    } catch (IOException e) {
      throw new UncheckedIOException("recovering " + folder + ": " + e.getMessage(), e);
    }
  }

  public boolean exists() {
    try {
      return fs.exists(new Path(folder, FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("looking for " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the checkpoint with this one, made with these settings. */
  public void save(Map<String, String> config, TrainingCheckpoint checkpoint) {
    try {
      PathReplacement.write(fs, folder, staging -> {
        fs.mkdirs(staging);
        try (FSDataOutputStream out = fs.create(new Path(staging, FILE), false)) {
          CheckpointFormat.write(out, config, checkpoint);
          out.hsync(); // on the disk before the rename makes it the checkpoint
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("writing the checkpoint " + folder + ": " + e.getMessage(), e);
    }
  }

  public CheckpointFormat.Contents load() {
    Path file = new Path(folder, FILE);
    try {
      return CheckpointFormat.read(() -> fs.open(file), fs.getFileStatus(file).getLen(), "checkpoint " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the checkpoint: the run it belongs to has published its results. */
  public void delete() {
    try {
      fs.delete(folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the checkpoint " + folder + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() { return folder.toString(); }
}
