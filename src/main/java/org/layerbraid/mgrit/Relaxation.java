package org.layerbraid.mgrit;

/**
 * F- and C-relaxation of one block. F-relaxation steps from each C-point through the F-points
 * after it, and one step further, recording what arrives at the next C-point; C-relaxation then
 * costs no step: it sets each C-point to what arrived there (plus the FAS right-hand side).
 */
public final class Relaxation {
  private Relaxation() {}

  /** Φ into local point k from the state {@code prev} at point k − 1 (without g). */
  static <V> V arrive(Block<V> b, int local, V prev, TimeStepper<V> s) {
    return stepFrom(b, local - 1, prev, s);
  }

  /** Φ out of local point k (k may be the last point: the step into the next block). */
  static <V> V stepFrom(Block<V> b, int local, V u, TimeStepper<V> s) {
    return stepFrom(b.level, b.first + local, u, b.auxAt(local), s);
  }

  /** Φ out of level point i with the given state and aux. */
  static <V> V stepFrom(Level l, int i, V u, V aux, TimeStepper<V> s) {
    return s.step(u, aux, l.index(), l.fineIndex(i), l.fineIndex(i + 1), l.time(i), l.time(i + 1));
  }

  /** Steps out of the block's last point, unless it is the last point of the level; returns steps taken. */
  static <V> int stepOut(Block<V> b, TimeStepper<V> s) {
    if (b.end() >= b.level.numPoints()) return 0;
    b.outgoing = stepFrom(b, b.size() - 1, b.state(b.size() - 1), s);
    return 1;
  }

  /**
   * u_i = Φ(u_{i-1}) + g_i at every F-point, also stepping into each C-point and out of the block
   * (arrivals), which C-relaxation and the residual then use without stepping again; returns steps.
   */
  public static <V> double fRelax(Block<V> b, TimeStepper<V> s) {
    return fRelax(b, s, true);
  }

  /** F-relaxation alone, where no C-relaxation or residual follows (the up-cycle, the final sweep). */
  public static <V> double fRelaxOnly(Block<V> b, TimeStepper<V> s) {
    return fRelax(b, s, false);
  }

  private static <V> double fRelax(Block<V> b, TimeStepper<V> s, boolean arrivals) {
    // Residuals (and, without new ones, arrivals) of the states before this sweep are stale now:
    // dropped, so no block keeps those states alive (nor can a later kernel read them by mistake).
    java.util.Arrays.fill(b.residual, null);
    if (!arrivals) java.util.Arrays.fill(b.arrival, null);
    Level l = b.level;
    int steps = 0;
    for (int k = 1; k < b.size(); k++) {
      boolean cPoint = l.isCPoint(b.first + k);
      if (cPoint && !arrivals) continue;
      V next = arrive(b, k, b.state(k - 1), s);
      steps++;
      if (cPoint) {
        b.arrival[k] = next;
      } else {
        b.set(k, s.sum(1.0, next, 1.0, b.rhs(k)));
      }
    }
    return arrivals ? steps + stepOut(b, s) : steps;
  }

  /** u_i = Φ(u_{i-1}) + g_i at every C-point but the first, from the arrivals of the last F-relaxation. */
  public static <V> double cRelax(Block<V> b, TimeStepper<V> s) {
    for (int k = 0; k < b.size(); k++) {
      int i = b.first + k;
      if (i > 0 && b.level.isCPoint(i)) b.set(k, s.sum(1.0, b.arrivalFor(k), 1.0, b.rhs(k)));
    }
    return 0;
  }

  /** Sequential solve of a whole level, given as its blocks in time order; returns steps taken. */
  public static <V> double solveInOrder(java.util.List<Block<V>> blocksInOrder, TimeStepper<V> s) {
    double steps = 0;
    Block<V> previous = null;
    for (Block<V> b : blocksInOrder) {
      steps += previous == null ? solveInOrder(b, null, null, s)
          : solveInOrder(b, previous.state(previous.size() - 1), previous.auxAt(previous.size() - 1), s);
      previous = b;
    }
    return steps;
  }

  /**
   * Sequential solve u_i = Φ(u_{i-1}) + g_i of the whole block, continuing from the previous block's
   * last state and aux (both null for the first block, whose first point is the initial condition).
   * An engine whose blocks live apart hands the last state on from block to block.
   */
  public static <V> double solveInOrder(Block<V> b, V previousLast, V previousAux, TimeStepper<V> s) {
    int steps = 0;
    for (int k = 0; k < b.size(); k++) {
      V next;
      if (k > 0) {
        next = stepFrom(b, k - 1, b.state(k - 1), s);
      } else if (previousLast != null) {
        next = stepFrom(b.level, b.first - 1, previousLast, previousAux, s);
      } else {
        continue;
      }
      b.set(k, s.sum(1.0, next, 1.0, b.rhs(k)));
      steps++;
    }
    return steps;
  }
}
