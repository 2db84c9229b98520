package org.layerbraid.mgrit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a level's points are cut into blocks: contiguous, every block starting at a C-point of
 * that level, C-points shared out as evenly as possible. Both engines cut the same way, which is
 * what makes them step the same intervals in the same order.
 */
public final class Layout {
  private Layout() {}

  /** Level indices where the blocks start; at most as many blocks as C-points. */
  public static int[] starts(Level level, int requestedBlocks) {
    int nc = level.numCPoints();
    int blocks = Math.max(1, Math.min(requestedBlocks, nc));
    int[] starts = new int[blocks];
    for (int p = 0; p < blocks; p++) starts[p] = (int) ((long) p * nc / blocks) * level.cfactor();
    return starts;
  }

  /** One past the last point of block b of a level cut at {@code starts}. */
  public static int end(Level level, int[] starts, int b) {
    return b + 1 < starts.length ? starts[b + 1] : level.numPoints();
  }

  /**
   * Whether each block of the coarse level holds exactly the C-points of the same-numbered block of
   * the fine one (so injection and correction stay within a block pair).
   */
  public static boolean nested(Level fine, Level coarse, int requestedBlocks) {
    int[] f = starts(fine, requestedBlocks), c = starts(coarse, requestedBlocks);
    if (f.length != c.length) return false;
    for (int p = 0; p < f.length; p++) {
      if (f[p] != c[p] * fine.cfactor()) return false;
    }
    return true;
  }

  /** Index of the block holding level point i. */
  public static int blockOf(int[] starts, int i) {
    int lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= i) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** Cuts the given states (and aux data, or null) of a whole level into blocks. */
  public static <V> List<Block<V>> cut(Level level, List<V> states, List<V> aux, int requestedBlocks) {
    if (states.size() != level.numPoints()) {
      throw new IllegalArgumentException(states.size() + " states for a level of " + level.numPoints() + " points");
    }
    int[] starts = starts(level, requestedBlocks);
    List<Block<V>> out = new ArrayList<>();
    for (int p = 0; p < starts.length; p++) {
      int end = end(level, starts, p);
      out.add(Block.of(level, starts[p], states.subList(starts[p], end), aux == null ? null : aux.subList(starts[p], end)));
    }
    return out;
  }

  /**
   * Cuts a piece of a level at the level's block boundaries: the parts, each tagged with the index
   * of the block it belongs to. Engines send each part to its block and {@link #merge} them there.
   */
  public static <V> List<Map.Entry<Integer, Block<V>>> splitByBlocks(Block<V> piece, int[] starts) {
    List<Map.Entry<Integer, Block<V>>> out = new ArrayList<>();
    int from = piece.first;
    while (from < piece.end()) {
      int q = blockOf(starts, from);
      int to = Math.min(piece.end(), q + 1 < starts.length ? starts[q + 1] : Integer.MAX_VALUE);
      out.add(Map.entry(q, piece.slice(from - piece.first, to - piece.first)));
      from = to;
    }
    return out;
  }

  /** Joins adjacent parts (in any order) into one block. */
  public static <V> Block<V> merge(Level level, List<Block<V>> parts) {
    List<Block<V>> sorted = new ArrayList<>(parts);
    sorted.sort(java.util.Comparator.comparingInt(Block::first));
    int first = sorted.get(0).first, n = 0;
    for (Block<V> b : sorted) n += b.size();
    Object[] u = new Object[n], g = new Object[n], v0 = new Object[n], aux = new Object[n];
    for (Block<V> b : sorted) {
      int at = b.first - first;
      if (at < 0 || at + b.size() > n) throw new IllegalStateException("parts of level " + level.index() + " overlap or leave gaps");
      System.arraycopy(b.u, 0, u, at, b.size());
      System.arraycopy(b.g, 0, g, at, b.size());
      System.arraycopy(b.aux, 0, aux, at, b.size());
      if (b.v0 != null) System.arraycopy(b.v0, 0, v0, at, b.size());
    }
    return new Block<>(level, first, u, g, v0, aux);
  }

  /** Re-cuts pieces covering a level in order (e.g. injected from the finer level) into the level's own blocks. */
  public static <V> List<Block<V>> regroup(List<Block<V>> pieces, Level level, int requestedBlocks) {
    int[] starts = starts(level, requestedBlocks);
    List<List<Block<V>>> parts = new ArrayList<>();
    for (int q = 0; q < starts.length; q++) parts.add(new ArrayList<>());
    for (Block<V> piece : pieces) {
      for (Map.Entry<Integer, Block<V>> e : splitByBlocks(piece, starts)) parts.get(e.getKey()).add(e.getValue());
    }
    List<Block<V>> out = new ArrayList<>();
    for (List<Block<V>> p : parts) out.add(merge(level, p));
    return out;
  }
}
