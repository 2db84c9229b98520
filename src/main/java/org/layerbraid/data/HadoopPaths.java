package org.layerbraid.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/** Paths on any Hadoop file system (local, HDFS, S3), as the user wrote them and as Hadoop sees them. */
final class HadoopPaths {
  private HadoopPaths() {}

  /**
   * The fully qualified form of a path (file, directory or glob) that must exist; fails with the
   * path in the message before Spark would fail with a less direct one.
   */
  static String qualifyExisting(JavaSparkContext sc, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      FileStatus[] found = fs.globStatus(p);
      if (found == null || found.length == 0) throw new DataException(path + ": no such file or directory");
      return fs.makeQualified(p).toString();
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof DataException d) throw d;
      throw new DataException(path + ": cannot access: " + e.getMessage(), e);
    }
  }

  /**
   * Zero-length input files of a path, which Spark silently skips (it ignores empty splits) but
   * which a user should hear about. Hidden files ({@code _SUCCESS}, {@code .crc}) are not input.
   */
  static List<String> emptyFiles(JavaSparkContext sc, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
      List<String> empty = new ArrayList<>();
      for (FileStatus s : fs.globStatus(p)) {
        for (FileStatus f : s.isDirectory() ? fs.listStatus(s.getPath()) : new FileStatus[] {s}) {
          String name = f.getPath().getName();
          if (f.isFile() && f.getLen() == 0 && !name.startsWith("_") && !name.startsWith(".")) {
            empty.add(f.getPath().toString());
          }
        }
      }
      return empty;
    } catch (IOException e) {
      throw new DataException(path + ": cannot list: " + e.getMessage(), e);
    }
  }

  /** The user's own spelling when they named this single file, else the file's full path. */
  static String display(String file, String qualified, String userPath) {
    return file.equals(qualified) ? userPath : file;
  }
}
