package org.layerbraid.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code epochs.csv} format: a header of {@link EpochRecord} field names, then one row per
 * epoch. Numbers are written with {@link Double#toString} so that reading gives back the same
 * doubles bit for bit, and NaN is written as {@code NaN} (pandas and R read it as missing).
 */
public final class EpochsCsv {
  private EpochsCsv() {}

  /** The CSV text of {@code records}, header first, {@code \n} line ends. */
  public static String format(List<EpochRecord> records) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", header())).append('\n');
    for (EpochRecord r : records) {
      boolean first = true;
      for (Object v : RecordFields.of(r).values()) {
        if (!first) sb.append(',');
        sb.append(v);
        first = false;
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Reads a file written by {@link #format}; columns are found by header name, not position. */
  public static List<EpochRecord> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parses CSV text with the {@link #format} header; blank lines are ignored. */
  public static List<EpochRecord> parse(String csv) {
    String[] lines = csv.split("\r?\n");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw new IllegalArgumentException("epochs CSV is empty: no header line");
    }
    String[] names = lines[0].split(",", -1);
    Map<String, Integer> column = new HashMap<>();
    for (int i = 0; i < names.length; i++) column.put(names[i].trim(), i);
    for (String required : header()) {
      if (!column.containsKey(required)) {
        throw new IllegalArgumentException("epochs CSV header lacks column '" + required
            + "'; header is: " + lines[0]);
      }
    }
    List<EpochRecord> out = new ArrayList<>();
    for (int n = 1; n < lines.length; n++) {
      if (lines[n].isBlank()) continue;
      String[] cells = lines[n].split(",", -1);
      if (cells.length != names.length) {
        throw new IllegalArgumentException("epochs CSV line " + (n + 1) + " has " + cells.length
            + " fields, header has " + names.length);
      }
      out.add(toRecord(new Row(cells, column, n + 1)));
    }
    return out;
  }

  private static List<String> header() {
    return List.copyOf(RecordFields.of(HEADER_SOURCE).keySet());
  }

  // Any record will do: only its key set is used, so the header cannot drift from the record.
  private static final EpochRecord HEADER_SOURCE =
      new EpochRecord(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  private static EpochRecord toRecord(Row r) {
    return new EpochRecord(
        r.integer("level"), r.integer("depth"), r.integer("epoch"), r.longValue("step"),
        r.real("trainLoss"), r.real("trainAccuracy"),
        r.real("validationLoss"), r.real("validationAccuracy"),
        r.real("elapsedSeconds"), r.real("epochSeconds"),
        r.real("mgritForwardIterations"), r.real("mgritBackwardIterations"),
        r.real("mgritResidual"), r.real("examplesPerSecond"));
  }

  /** One data line with typed access by column name and errors that say where. */
  private record Row(String[] cells, Map<String, Integer> column, int lineNumber) {
    private String cell(String name) {
      return cells[column.get(name)].trim();
    }

    int integer(String name) {
      try {
        return Integer.parseInt(cell(name));
      } catch (NumberFormatException e) {
        throw bad(name, "an integer");
      }
    }

    long longValue(String name) {
      try {
        return Long.parseLong(cell(name));
      } catch (NumberFormatException e) {
        throw bad(name, "an integer");
      }
    }

    double real(String name) {
      try {
        return Double.parseDouble(cell(name));
      } catch (NumberFormatException e) {
        throw bad(name, "a number");
      }
    }

    private IllegalArgumentException bad(String name, String expected) {
      return new IllegalArgumentException("epochs CSV line " + lineNumber + ", column '" + name
          + "': expected " + expected + ", got '" + cell(name) + "'");
    }
  }
}
