package org.layerbraid.mgrit;

import java.util.ArrayList;
import java.util.List;

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
      int end = p + 1 < starts.length ? starts[p + 1] : level.numPoints();
      out.add(Block.of(level, starts[p], states.subList(starts[p], end), aux == null ? null : aux.subList(starts[p], end)));
    }
    return out;
  }

  /** Re-cuts pieces covering a level in order (e.g. injected from the finer level) into the level's own blocks. */
  public static <V> List<Block<V>> regroup(List<Block<V>> pieces, Level level, int requestedBlocks) {
    int n = level.numPoints();
    Object[] u = new Object[n], g = new Object[n], v0 = new Object[n], aux = new Object[n];
    for (Block<V> piece : pieces) {
      System.arraycopy(piece.u, 0, u, piece.first, piece.size());
      System.arraycopy(piece.g, 0, g, piece.first, piece.size());
      System.arraycopy(piece.aux, 0, aux, piece.first, piece.size());
      if (piece.v0 != null) System.arraycopy(piece.v0, 0, v0, piece.first, piece.size());
    }
    int[] starts = starts(level, requestedBlocks);
    List<Block<V>> out = new ArrayList<>();
    for (int p = 0; p < starts.length; p++) {
      int from = starts[p], to = p + 1 < starts.length ? starts[p + 1] : n;
      out.add(new Block<>(level, from, java.util.Arrays.copyOfRange(u, from, to),
          java.util.Arrays.copyOfRange(g, from, to), java.util.Arrays.copyOfRange(v0, from, to),
          java.util.Arrays.copyOfRange(aux, from, to)));
    }
    return out;
  }
}
