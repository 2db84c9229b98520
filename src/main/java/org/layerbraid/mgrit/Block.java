package org.layerbraid.mgrit;

import java.io.Serializable;

/**
 * A contiguous run of points of one level — the unit an engine stores and sweeps. A block starts
 * at a C-point, so F-relaxation never needs another block; what crosses a block boundary is one
 * value: the state stepped out of the block's last point ({@link #outgoing}), which the engine
 * hands to the next block as {@link #incoming}.
 *
 * <p>Per point: {@code u} the current state, {@code g} the FAS right-hand side (null = zero),
 * {@code v0} the state injected from the finer level (coarse levels only, to form the correction),
 * {@code aux} fixed data the stepper needs at the point (never changed by the solve, so shared by copies),
 * {@code arrival} Φ(u_{i-1}) as last computed at C-points, {@code residual} r_i at C-points.
 */
public final class Block<V> implements Serializable {
  private static final long serialVersionUID = 1L;

  final Level level;
  final int first;
  final Object[] u;
  final Object[] g;
  final Object[] v0;
  final Object[] aux;
  final Object[] arrival;
  final Object[] residual;
  Object incoming;
  Object outgoing;

  Block(Level level, int first, Object[] u, Object[] g, Object[] v0, Object[] aux) {
    this.level = level;
    this.first = first;
    this.u = u;
    this.g = g;
    this.v0 = v0;
    this.aux = aux;
    this.arrival = new Object[u.length];
    this.residual = new Object[u.length];
  }

  /** A block of the given states (and their aux data, or null); the FAS right-hand side is zero. */
  public static <V> Block<V> of(Level level, int first, java.util.List<V> states, java.util.List<V> aux) {
    return new Block<>(level, first, states.toArray(), new Object[states.size()], null,
        aux == null ? new Object[states.size()] : aux.toArray());
  }

  /** A shallow copy: engines whose blocks are cached (Spark) update copies, never the cached original. */
  public Block<V> copy() {
    Block<V> b = new Block<>(level, first, u.clone(), g.clone(), v0 == null ? null : v0.clone(), aux);
    System.arraycopy(arrival, 0, b.arrival, 0, u.length);
    System.arraycopy(residual, 0, b.residual, 0, u.length);
    b.incoming = incoming;
    b.outgoing = outgoing;
    return b;
  }

  /** Points [from, to) of this block (local indices) as a block of their own. */
  Block<V> slice(int from, int to) {
    return new Block<>(level, first + from, java.util.Arrays.copyOfRange(u, from, to), java.util.Arrays.copyOfRange(g, from, to),
        v0 == null ? null : java.util.Arrays.copyOfRange(v0, from, to), java.util.Arrays.copyOfRange(aux, from, to));
  }

  public Level level() { return level; }

  /** Level index of the first point. */
  public int first() { return first; }

  public int size() { return u.length; }

  /** Level index just past the last point. */
  public int end() { return first + u.length; }

  @SuppressWarnings("unchecked")
  public V state(int local) { return (V) u[local]; }

  @SuppressWarnings("unchecked")
  V rhs(int local) { return (V) g[local]; }

  @SuppressWarnings("unchecked")
  public V auxAt(int local) { return (V) aux[local]; }

  @SuppressWarnings("unchecked")
  V injected(int local) { return (V) v0[local]; }

  @SuppressWarnings("unchecked")
  public V outgoing() { return (V) outgoing; }

  /** Hands over the state stepped out of the previous block (null for the first block). */
  public void setIncoming(V value) { incoming = value; }

  /** Φ(u_{i-1}) for the point with local index i: from this block, or from the previous one. */
  @SuppressWarnings("unchecked")
  V arrivalFor(int local) { return local == 0 ? (V) incoming : (V) arrival[local]; }

  /** u_i += delta at local index i (the coarse-grid correction). */
  void set(int local, V value) { u[local] = value; }
}
