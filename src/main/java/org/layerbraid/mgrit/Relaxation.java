package org.layerbraid.mgrit;

/**
 * F- and C-relaxation of one block. F-relaxation steps from each C-point through the F-points
 * after it, and one step further, recording what arrives at the next C-point; C-relaxation then
 * costs no step: it sets each C-point to what arrived there (plus the FAS right-hand side).
 */
public final class Relaxation {
  private Relaxation() {}

  /** Φ on the interval into level point {@code i} from the state {@code prev}, plus g_i. */
  static <V> V stepInto(Block<V> b, int local, V prev, TimeStepper<V> s) {
    return s.sum(1.0, arrive(b, local, prev, s), 1.0, b.rhs(local));
  }

  /** Φ into level point i (without g). */
  static <V> V arrive(Block<V> b, int local, V prev, TimeStepper<V> s) {
    Level l = b.level;
    int i = b.first + local;
    return s.step(prev, l.index(), l.fineIndex(i - 1), l.fineIndex(i), l.time(i - 1), l.time(i));
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
    if (arrivals && b.end() < l.numPoints()) {
      b.outgoing = s.step(b.state(b.size() - 1), l.index(), l.fineIndex(b.end() - 1), l.fineIndex(b.end()),
          l.time(b.end() - 1), l.time(b.end()));
      steps++;
    }
    return steps;
  }

  /** u_i = Φ(u_{i-1}) + g_i at every C-point but the first, from the arrivals of the last F-relaxation. */
  public static <V> double cRelax(Block<V> b, TimeStepper<V> s) {
    for (int k = 0; k < b.size(); k++) {
      int i = b.first + k;
      if (i > 0 && b.level.isCPoint(i)) b.set(k, s.sum(1.0, b.arrivalFor(k), 1.0, b.rhs(k)));
    }
    return 0;
  }

  /** Sequential solve u_i = Φ(u_{i-1}) + g_i of the whole block, continuing from the previous block's last state. */
  public static <V> double solveInOrder(Block<V> b, V previousLast, TimeStepper<V> s) {
    int steps = 0;
    for (int k = 0; k < b.size(); k++) {
      V prev = k == 0 ? previousLast : b.state(k - 1);
      if (prev == null) continue; // the initial condition
      b.set(k, stepInto(b, k, prev, s));
      steps++;
    }
    return steps;
  }
}
