package org.layerbraid.mgrit;

import java.io.Serializable;

/**
 * The user's side of MGRIT, after XBraid's contract: step a state across one interval of a level,
 * combine two states, measure one. States are treated as immutable values (every call returns a
 * new one), so engines may copy, cache and ship them freely. Serializable because engines run
 * steps where the time points live, possibly on other machines.
 */
public interface TimeStepper<V> extends Serializable {

  /**
   * The state at the end of the interval from the state at its start. The interval runs between
   * two points of the given level; {@code from} and {@code to} are their fine-grid indices (in
   * the solve's own direction of time), so a coarse step can use what lives at its fine points.
   * {@code aux} is the fixed data the solve keeps with the start point (for an adjoint, the forward
   * state it is linearised about; null when the problem has none): it lives in the same block as
   * the state, so a distributed engine never fetches it from elsewhere.
   */
  V step(V u, V aux, int level, int from, int to, double tstart, double tstop);

  /**
   * Whether a coarse step takes the aux of the last fine step it spans instead of the first. A
   * forward ResNet step uses the weights where it starts; its adjoint, run in reversed time, is
   * the transpose of that step and so needs what lives where the reversed step ends.
   */
  default boolean coarseAuxFromLastFineStep() { return false; }

  /** a·x + b·y; y may be null, meaning zero. */
  V sum(double a, V x, double b, V y);

  /** The spatial norm of a state (the residual norm is the 2-norm of these over C-points). */
  double norm(V v);
}
