package org.layerbraid.mgrit;

/**
 * The FAS restriction: residuals at C-points, and the coarse right-hand side
 * g_c,k = (v_k − Φ_c(v_{k−1})) + r_{kc} once the C-point states v have been injected. Both are
 * grouped as XBraid groups them ({@code _braid_FASResidual}, {@code _braid_FRestrict}): floating
 * point addition is not associative, and this grouping is what lets a solve reproduce XBraid's
 * residual histories to round-off.
 */
public final class Restriction {
  private Restriction() {}

  /** r_i = g_i − (u_i − Φ(u_{i-1})) at C-points (from the last F-relaxation's arrivals); returns Σ‖r_i‖². */
  public static <V> double residual(Block<V> b, TimeStepper<V> s) {
    double sumSq = 0;
    for (int k = 0; k < b.size(); k++) {
      int i = b.first + k;
      if (i == 0 || !b.level.isCPoint(i)) continue;
      // −1·x + 1·g: g may be null (zero rhs), which sum allows only as its second operand.
      V r = s.sum(-1.0, s.sum(1.0, b.state(k), -1.0, b.arrivalFor(k)), 1.0, b.rhs(k));
      b.residual[k] = r;
      double n = s.norm(r);
      sumSq += n * n;
    }
    return sumSq;
  }

  /** The residual kept in the block for the restriction, where nobody needs its norm; returns steps (none). */
  public static <V> double residualUnmeasured(Block<V> b, TimeStepper<V> s) {
    residual(b, s);
    return 0;
  }

  /** Steps every point forward once without changing it, recording arrivals (for the coarse rhs). */
  public static <V> double stepAll(Block<V> b, TimeStepper<V> s) {
    for (int k = 1; k < b.size(); k++) b.arrival[k] = Relaxation.arrive(b, k, b.state(k - 1), s);
    return b.size() - 1 + Relaxation.stepOut(b, s);
  }

  /** On a freshly injected coarse block whose g holds the fine residuals: g_k = (v_k − Φ_c(v_{k−1})) + r_k. */
  public static <V> double coarseRhs(Block<V> b, TimeStepper<V> s) {
    for (int k = 0; k < b.size(); k++) {
      if (b.first + k == 0) continue;
      b.g[k] = s.sum(1.0, s.sum(1.0, b.state(k), -1.0, b.arrivalFor(k)), 1.0, b.rhs(k));
    }
    return 0;
  }

  /**
   * Level-(l+1) piece from the C-points of a level-l block: u = v0 = u_C, g = r_C (made FAS by
   * coarseRhs) or zero; aux from the first or the last fine step of each coarse interval, as the
   * stepper asks (both lie in this block: blocks start at C-points).
   */
  public static <V> Block<V> inject(Block<V> fine, Level coarse, boolean withResidual, boolean auxFromLast) {
    int c = fine.level.cfactor();
    int firstC = (fine.first + c - 1) / c; // first coarse index whose fine point lies in the block
    int lastC = (fine.end() - 1) / c;
    int n = Math.max(0, lastC - firstC + 1);
    Object[] u = new Object[n], g = new Object[n], aux = new Object[n];
    for (int k = 0; k < n; k++) {
      int local = (firstC + k) * c - fine.first;
      u[k] = fine.u[local];
      g[k] = withResidual ? fine.residual[local] : null;
      int auxAt = auxFromLast ? local + c - 1 : local;
      aux[k] = auxAt < fine.size() ? fine.aux[auxAt] : null; // past the end: no coarse step leaves the point
    }
    return new Block<>(coarse, firstC, u, g, u.clone(), aux);
  }
}
