package org.layerbraid.model;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a file or folder with a complete new one on any Hadoop file system, so that at every
 * moment either the old or the new one exists in full, under its own name or under a hidden name
 * beside it that {@link #recover} restores. Renames only ever go to names that do not exist:
 * Hadoop moves a folder renamed onto an existing folder <em>into</em> it, and no file system it
 * supports offers an atomic swap. One writer per target is assumed.
 *
 * <p>The sequence ({@link #write}): the new version is written in full under a staging name ({@code .name.tmp-<id>});
 * the old one is renamed aside ({@code .name.old-<id>}); the new one is renamed into place; the
 * aside copy is deleted. A kill leaves at most a staging copy (incomplete, deleted at the next
 * start) and an aside copy (restored when the target is missing, else deleted).
 */
public final class PathReplacement {
  private static final String STAGING = ".tmp-";
  private static final String ASIDE = ".old-";

  private PathReplacement() {}

  /** Writes a new version's complete contents under the path it is given (which does not exist yet). */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path staging) throws IOException;
  }

  /**
   * Writes the new version under a fresh staging name, then puts it in place of {@code target}.
   * When writing or replacing fails, the target is as it was and the staging copy is gone.
   */
  public static void write(FileSystem fs, Path target, Contents contents) throws IOException {
    Path staging = hidden(target, STAGING);
    try {
      contents.writeTo(staging);
      replace(fs, staging, target);
    } finally {
      fs.delete(staging, true); // after a replace there is nothing left under that name
    }
  }

  private static Path hidden(Path target, String kind) {
    return new Path(target.getParent(), "." + target.getName() + kind + UUID.randomUUID());
  }

  /** Moves the complete {@code staged} version to {@code target}, replacing what is there. */
  public static void replace(FileSystem fs, Path staged, Path target) throws IOException {
    Path aside = null;
    if (fs.exists(target)) {
      aside = hidden(target, ASIDE);
      rename(fs, target, aside);
    }
    try {
      rename(fs, staged, target);
    } catch (IOException e) {
      if (aside != null && !fs.exists(target)) fs.rename(aside, target);
      throw e;
    }
    if (aside != null) fs.delete(aside, true);
  }

  /**
   * Undoes what a kill during {@link #replace} left: the aside copy is put back when the target is
   * missing; staging copies (never complete while they have that name) and spare aside copies go.
   */
  public static void recover(FileSystem fs, Path target) throws IOException {
    Path parent = target.getParent();
    if (parent == null || !fs.exists(parent)) return;
    String prefix = "." + target.getName();
    FileStatus[] leftovers = fs.listStatus(parent, p -> p.getName().startsWith(prefix + STAGING)
        || p.getName().startsWith(prefix + ASIDE));
    // Newest first: with several aside copies, the one moved aside last was the current version.
    Arrays.sort(leftovers, Comparator.comparingLong(FileStatus::getModificationTime).reversed());
    for (FileStatus s : leftovers) {
      boolean aside = s.getPath().getName().startsWith(prefix + ASIDE);
      if (aside && !fs.exists(target)) {
        rename(fs, s.getPath(), target);
      } else {
        fs.delete(s.getPath(), true);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) throw new IOException("could not rename " + from + " to " + to);
  }
}
