package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * A run's output folder, named by a Hadoop path: without a scheme it is resolved against
 * {@code fs.defaultFS}, which is the local file system unless a Hadoop configuration names another.
 * In YARN cluster mode the driver's working folder is deleted with its container, so results must
 * go to a shared file system such as HDFS. The writers produce local files (PNG, atomically
 * replaced JSON); on another file system they write to a temporary local folder that
 * {@link #publish} copies up when the run has finished.
 */
final class OutputFolder {
  private final Path target;
  private final FileSystem fs;
  private final java.nio.file.Path local;
  private final boolean staged;

  private OutputFolder(Path target, FileSystem fs, java.nio.file.Path local, boolean staged) {
    this.target = target;
    this.fs = fs;
    this.local = local;
    this.staged = staged;
  }

  /** Resolves {@code --out} before training, so that an unusable path fails in seconds, not after the run. */
  static OutputFolder of(String out, Configuration hadoop) {
    FileSystem fs;
    Path qualified;
    boolean isFile;
    try {
      Path p = new Path(out);
      fs = p.getFileSystem(hadoop);
      qualified = fs.makeQualified(p);
      isFile = fs.exists(qualified) && !fs.getFileStatus(qualified).isDirectory();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("--out " + out + ": not a usable Hadoop path: " + e.getMessage(), e);
    }
    if (isFile) throw new IllegalArgumentException("--out " + out + " is a file; expected a folder");
    if ("file".equals(qualified.toUri().getScheme())) {
      return new OutputFolder(qualified, fs, java.nio.file.Path.of(qualified.toUri()), false);
    }
    try {
      return new OutputFolder(qualified, fs, Files.createTempDirectory("layerbraid-out-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("creating a local folder for the results bound for " + qualified + ": " + e.getMessage(), e);
    }
  }

  /** Where the writers write. */
  java.nio.file.Path local() { return local; }

  /** The folder as the user finds it afterwards: a local path, or the other file system's URI. */
  String target() { return staged ? target.toString() : local.toAbsolutePath().toString(); }

  /**
   * Copies a staged folder's entries to the target, each replacing the one of the same name: a
   * copy under a hidden name first, then a rename, so a reader sees either the old or the new file.
   */
  void publish() {
    if (!staged) return;
    try {
      fs.mkdirs(target);
      List<java.nio.file.Path> entries;
      try (Stream<java.nio.file.Path> s = Files.list(local)) {
        entries = s.toList();
      }
      FileSystem localFs = FileSystem.getLocal(fs.getConf());
      for (java.nio.file.Path entry : entries) {
        String name = entry.getFileName().toString();
        Path tmp = new Path(target, "." + name + ".tmp-" + UUID.randomUUID());
        Path dst = new Path(target, name);
        FileUtil.copy(localFs, new Path(entry.toUri()), fs, tmp, false, false, fs.getConf());
        if (fs.exists(dst)) fs.delete(dst, true);
        if (!fs.rename(tmp, dst)) throw new IOException("could not rename " + tmp + " to " + dst);
      }
      FileUtil.fullyDelete(local.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("copying results from " + local + " to " + target + ": " + e.getMessage(), e);
    }
  }
}
