package org.layerbraid.data;

/**
 * Where a parser currently is ("data/x.csv line 17"). Mutable and reused for every line of a
 * partition, so that tracking the location costs nothing until an error is actually raised.
 */
final class Position {
  private final String source;
  private final String unit;
  private long number;

  Position(String source, String unit) {
    this.source = source;
    this.unit = unit;
  }

  Position at(long n) {
    number = n;
    return this;
  }

  String source() { return source; }

  DataException error(String what) {
    return new DataException(source + " " + unit + " " + number + ": " + what);
  }
}
