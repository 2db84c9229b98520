package org.layerbraid.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;

/**
 * Where reliable checkpoints of an application go: Spark's own {@code spark.checkpoint.dir} (or a
 * folder set by {@code setCheckpointDir}) when there is one; else a folder this class makes, under
 * the system's temporary folder when Hadoop's default file system is the local one, else under the
 * user's home on it (HDFS on YARN), and deletes when the JVM ends. Executors write the files and
 * read them back after a loss, so on a cluster of several machines it must be a shared file system:
 * set {@code spark.checkpoint.dir} there when the default file system is the local one; when it is
 * not shared, the job that writes a checkpoint fails with a line saying so ({@link #written}).
 */
public final class SparkCheckpointFolder {
  private SparkCheckpointFolder() {}

  /** Makes sure the context has a checkpoint folder, and returns it. */
  public static synchronized String ensure(SparkContext sc) {
    if (sc.getCheckpointDir().isDefined()) return sc.getCheckpointDir().get();
    try {
      FileSystem fs = FileSystem.get(sc.hadoopConfiguration());
      Path base = "file".equals(fs.getUri().getScheme())
          ? new Path(new java.io.File(System.getProperty("java.io.tmpdir"), "layerbraid-checkpoints").toURI())
          : new Path(fs.getHomeDirectory(), ".layerbraid-checkpoints");
      sc.setCheckpointDir(base.toString()); // Spark adds a folder of its own for the application
      Path made = new Path(sc.getCheckpointDir().get());
      made.getFileSystem(sc.hadoopConfiguration()).deleteOnExit(made);
      return made.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a checkpoint folder (set spark.checkpoint.dir): " + e.getMessage(), e);
    }
  }

  /**
   * Runs the job that writes a reliable checkpoint. After it, the driver lists the folder: where the
   * executors wrote into folders of their own machines it finds fewer files than partitions, and
   * Spark fails with "different number of partitions". That failure becomes one line saying what to set.
   */
  public static <T> T written(SparkContext sc, Supplier<T> job) {
    try {
      return job.get();
    } catch (Exception e) { // SparkException is checked, yet Scala code throws it from unchecked calls
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t.getMessage() != null && t.getMessage().contains("different number of partitions")) {
          throw new IllegalArgumentException("spark.checkpoint.dir: the driver does not see the checkpoint files the"
              + " executors wrote to " + sc.getCheckpointDir().getOrElse(() -> "the checkpoint folder") + ", so the"
              + " folder is not one they share; set spark.checkpoint.dir to a folder all machines share, e.g. on HDFS"
              + " (spark-submit --conf spark.checkpoint.dir=hdfs:///tmp/layerbraid-checkpoints)", e);
        }
      }
      throw e;
    }
  }
}
