package org.layerbraid.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The lines of a text file, directory or glob on any Hadoop file system, each with its file and
 * its 1-based line number in that file — what an error message must name. Hadoop splits a file by
 * bytes, so a first pass counts the lines of every split and the driver turns the counts into the
 * first line number of each split.
 */
final class NumberedLines {

  record Line(String file, long number, String text) implements Serializable {}

  /** Per input file: its name as shown to the user, its non-blank line count, its first line. */
  record FileInfo(String file, long nonBlank, String firstLine) {}

  private record SplitInfo(String file, long start, long lines, long nonBlank, String firstLine)
      implements Serializable {}

  final JavaRDD<Line> lines;
  /** Files with at least one line; zero-length files are listed in {@link #emptyFiles} instead. */
  final List<FileInfo> files;
  final List<String> emptyFiles;

  private NumberedLines(JavaRDD<Line> lines, List<FileInfo> files, List<String> emptyFiles) {
    this.lines = lines;
    this.files = files;
    this.emptyFiles = emptyFiles;
  }

  static NumberedLines read(JavaSparkContext sc, String path) {
    String qualified = HadoopPaths.qualifyExisting(sc, path);
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> raw = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopFile(
        path, TextInputFormat.class, LongWritable.class, Text.class, sc.hadoopConfiguration());

    List<SplitInfo> splits = raw.mapPartitionsWithInputSplit((split, it) -> {
      FileSplit fs = (FileSplit) split;
      long n = 0;
      long nonBlank = 0;
      String first = null;
      while (it.hasNext()) {
        String text = it.next()._2().toString();
        if (n++ == 0 && fs.getStart() == 0) first = text;
        if (!text.isBlank()) nonBlank++;
      }
      return List.of(new SplitInfo(HadoopPaths.display(fs.getPath().toString(), qualified, path), fs.getStart(), n, nonBlank, first)).iterator();
    }, true).collect();

    Map<String, List<SplitInfo>> byFile = new LinkedHashMap<>();
    for (SplitInfo s : splits) byFile.computeIfAbsent(s.file(), f -> new ArrayList<>()).add(s);
    HashMap<String, Long> firstLine = new HashMap<>();
    List<FileInfo> files = new ArrayList<>();
    for (Map.Entry<String, List<SplitInfo>> e : byFile.entrySet()) {
      List<SplitInfo> parts = new ArrayList<>(e.getValue());
      parts.sort(Comparator.comparingLong(SplitInfo::start));
      long next = 1;
      long nonBlank = 0;
      for (SplitInfo s : parts) {
        firstLine.put(s.file() + "@" + s.start(), next);
        next += s.lines();
        nonBlank += s.nonBlank();
      }
      files.add(new FileInfo(e.getKey(), nonBlank, parts.get(0).firstLine()));
    }

    JavaRDD<Line> lines = raw.mapPartitionsWithInputSplit((split, it) -> {
      FileSplit fs = (FileSplit) split;
      String file = HadoopPaths.display(fs.getPath().toString(), qualified, path);
      long[] number = {firstLine.get(file + "@" + fs.getStart())};
      return new Iterator<Line>() {
        @Override public boolean hasNext() { return it.hasNext(); }
        @Override public Line next() {
          Tuple2<LongWritable, Text> t = it.next();
          return new Line(file, number[0]++, t._2().toString());
        }
      };
    }, true);
    List<String> empty = HadoopPaths.emptyFiles(sc, path).stream()
        .map(f -> HadoopPaths.display(f, qualified, path)).toList();
    return new NumberedLines(lines, files, empty);
  }
}
