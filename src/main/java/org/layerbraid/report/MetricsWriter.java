package org.layerbraid.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a run's result files into its output folder. Each call replaces the whole file
 * atomically, so it is safe to call after every epoch while something else reads the files.
 */
public final class MetricsWriter {
  public static final String METRICS_FILE = "metrics.json";
  public static final String EPOCHS_FILE = "epochs.csv";

  private final Path outputDir;

  /** The folder is created on first write if it does not exist. */
  public MetricsWriter(Path outputDir) {
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
  }

  public Path outputDir() {
    return outputDir;
  }

  /**
   * Writes {@code metrics} as indented JSON to {@code metrics.json}. Values may be numbers,
   * strings, booleans, lists, arrays, nested maps and records; NaN and infinities become null.
   *
   * @return the file written
   */
  public Path writeMetrics(Map<String, ?> metrics) throws IOException {
    return writeJson(METRICS_FILE, metrics);
  }

  /** Writes {@code values} as indented JSON, as {@link #writeMetrics}, to another file of the folder. */
  public Path writeJson(String fileName, Map<String, ?> values) throws IOException {
    Path file = outputDir.resolve(fileName);
    AtomicFiles.write(file, Json.pretty(values));
    return file;
  }

  /**
   * Writes all {@code records} so far to {@code epochs.csv} (see {@link EpochsCsv}).
   *
   * @return the file written
   */
  public Path writeEpochs(List<EpochRecord> records) throws IOException {
    Path file = outputDir.resolve(EPOCHS_FILE);
    AtomicFiles.write(file, EpochsCsv.format(records).getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** Reads a {@code metrics.json} back into nested maps, lists, strings, numbers and nulls. */
  public static Map<String, Object> readMetrics(Path file) {
    return Json.readObject(file);
  }
}
