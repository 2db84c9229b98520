package org.layerbraid.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a {@code rows × batch} column-major state into data shards of contiguous columns and
 * joins them back. Every operation of a ResNet solve acts on columns independently, and the
 * squared residual norm is a sum over columns, so shards can be solved side by side in one cycle.
 */
public record ColumnShards(int rows, int shards) implements Serializable {

  public ColumnShards {
    if (rows < 1 || shards < 1) throw new IllegalArgumentException("rows and shards must be >= 1, got " + rows + ", " + shards);
  }

  /** Column range [from, to) of shard s for a batch of the given size. */
  private static int bound(int s, int batch, int shards) {
    return (int) ((long) s * batch / shards);
  }

  public List<double[]> split(double[] state) {
    if (state == null) {
      List<double[]> none = new ArrayList<>();
      for (int s = 0; s < shards; s++) none.add(null);
      return none;
    }
    if (shards == 1) return List.of(state); // states are never changed in place: the one shard is the state
    int batch = state.length / rows;
    if (batch < shards) throw new IllegalArgumentException("cannot split a batch of " + batch + " into " + shards + " shards");
    List<double[]> out = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      out.add(java.util.Arrays.copyOfRange(state, bound(s, batch, shards) * rows, bound(s + 1, batch, shards) * rows));
    }
    return out;
  }

  /** One value per column (an example's label), split as {@link #split} splits the columns of a state. */
  public List<int[]> splitColumns(int[] perColumn) {
    int batch = perColumn.length;
    if (batch < shards) throw new IllegalArgumentException("cannot split a batch of " + batch + " into " + shards + " shards");
    List<int[]> out = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      out.add(java.util.Arrays.copyOfRange(perColumn, bound(s, batch, shards), bound(s + 1, batch, shards)));
    }
    return out;
  }

  public double[] join(List<double[]> parts) {
    int len = 0;
    for (double[] p : parts) len += p.length;
    double[] out = new double[len];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * For each shard, its column block of every state. A state given more than once (an initial guess
   * repeated at every point) is split once, so its parts are shared too and serialized once.
   */
  public List<List<double[]>> byShard(List<double[]> states) {
    List<List<double[]>> out = new ArrayList<>();
    for (int s = 0; s < shards(); s++) out.add(new ArrayList<>());
    Map<double[], List<double[]>> split = new IdentityHashMap<>();
    for (double[] state : states) {
      List<double[]> parts = state == null ? split(null) : split.computeIfAbsent(state, this::split);
      for (int s = 0; s < shards(); s++) out.get(s).add(parts.get(s));
    }
    return out;
  }
}
