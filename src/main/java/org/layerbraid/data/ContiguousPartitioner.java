package org.layerbraid.data;

import org.apache.spark.Partitioner;

/** Sends example i of {@code total} to block ⌊i·n/total⌋, the rule {@link Blocks#split} follows. */
final class ContiguousPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int n;
  private final long total;

  ContiguousPartitioner(int n, long total) {
    this.n = n;
    this.total = total;
  }

  @Override public int numPartitions() { return n; }

  @Override public int getPartition(Object key) { return Blocks.blockOf((Long) key, n, total); }

  @Override public boolean equals(Object o) {
    return o instanceof ContiguousPartitioner p && p.n == n && p.total == total;
  }

  @Override public int hashCode() { return Long.hashCode(total) * 31 + n; }
}
