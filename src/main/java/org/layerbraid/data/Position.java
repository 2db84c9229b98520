package org.layerbraid.data;

import org.apache.spark.sql.Row;

/**
 * Where a parser currently is ("data/x.csv line 17", or a CSV record by its values, since Spark's
 * CSV reader does not tell line numbers). Mutable and reused for every line of a partition, so
 * that tracking the location costs nothing until an error is actually raised.
 */
final class Position {
  private final String source;
  private final String unit;
  private long number;
  private Row record;
  private int recordFrom;

  Position(String source, String unit) {
    this.source = source;
    this.unit = unit;
  }

  Position at(long n) {
    number = n;
    return this;
  }

  /** At the record whose values are {@code row}'s fields from {@code from} on. */
  Position at(Row row, int from) {
    record = row;
    recordFrom = from;
    return this;
  }

  String source() { return source; }

  DataException error(String what) {
    if (record == null) return new DataException(source + " " + unit + " " + number + ": " + what);
    StringBuilder values = new StringBuilder();
    for (int i = recordFrom; i < record.length(); i++) {
      if (i > recordFrom) values.append(',');
      values.append(record.isNullAt(i) ? "" : record.get(i));
    }
    return new DataException(source + " " + unit + " '" + values + "': " + what);
  }
}
