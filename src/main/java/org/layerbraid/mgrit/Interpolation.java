package org.layerbraid.mgrit;

/** The coarse-grid correction: u_{kc} += u_c,k − v0_k at C-points; F-relaxation follows. */
public final class Interpolation {
  private Interpolation() {}

  /** Adds the coarse block's change to the fine block's C-points that it covers. */
  public static <V> void correct(Block<V> fine, Block<V> coarse, TimeStepper<V> s) {
    int c = fine.level.cfactor();
    for (int k = 0; k < coarse.size(); k++) {
      int local = (coarse.first + k) * c - fine.first;
      if (local < 0 || local >= fine.size() || coarse.first + k == 0) continue;
      V delta = s.sum(1.0, coarse.state(k), -1.0, coarse.injected(k));
      fine.set(local, s.sum(1.0, fine.state(local), 1.0, delta));
    }
  }
}
