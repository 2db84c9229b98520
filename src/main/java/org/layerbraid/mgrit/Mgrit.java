package org.layerbraid.mgrit;

/**
 * The MGRIT V-cycle with FAS coarse-grid correction, written once for every engine and ordered as
 * XBraid's {@code _braid_Drive}:
 * <ul>
 *   <li>down: per level, {@code nrelax} CF sweeps, then F-relaxation with the C-point residual
 *       (its 2-norm on level 0 is the iteration's ‖r_k‖), injected with the FAS right-hand side;
 *       with {@code skip}, iteration 0 only injects the initial guess (‖r_0‖ not available);</li>
 *   <li>the coarsest level solved by stepping through it in order;</li>
 *   <li>up: per level, F-relaxation then correction of the finer C-points; with {@code fmg}, each
 *       intermediate level first runs a V-cycle of its own (an F-cycle);</li>
 *   <li>after the cycle, stop when ‖r_k‖ &lt; absTol or &lt; relTol·‖r_first‖, or after
 *       {@code maxIter} cycles; a final F-relaxation makes the fine F-points consistent.</li>
 * </ul>
 */
public final class Mgrit<V> implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Hierarchy hierarchy;
  private final MgritOptions options;
  private int iteration;

  public Mgrit(Hierarchy hierarchy, MgritOptions options) {
    this.hierarchy = hierarchy;
    this.options = options;
  }

  public Hierarchy hierarchy() { return hierarchy; }

  public MgritOptions options() { return options; }

  /** Runs the cycles on the engine's current fine states (see {@link Engine#initialize}). */
  public ConvergenceHistory solve(Engine<V> engine) {
    ConvergenceHistory history = new ConvergenceHistory();
    long stepsBefore = engine.steps();
    int coarsest = hierarchy.numLevels() - 1;
    if (coarsest == 0) {
      engine.solveInOrder(0);
      history.finish(1, true, engine.steps() - stepsBefore);
      return history;
    }
    double first = Double.NaN;
    for (int iter = 0; ; iter++) {
      iteration = iter;
      double rnorm = Double.NaN;
      if (options.skip() && iter == 0) {
        for (int l = 1; l <= coarsest; l++) {
          describe(engine, l, "injection of the initial guess");
          engine.inject(l, false);
        }
      } else {
        rnorm = Math.sqrt(relaxAndRestrict(engine, 0, history));
        down(engine, 1, history);
      }
      describe(engine, coarsest, "coarsest solve");
      engine.solveInOrder(coarsest);
      up(engine, 0, options.fmg(), history);
      history.add(rnorm);
      if (Double.isNaN(first)) first = rnorm;
      boolean converged = rnorm < options.absTol() || (options.relTol() > 0 && rnorm < options.relTol() * first);
      if (converged || iter == options.maxIter() - 1) {
        describe(engine, 0, "final F-relaxation");
        engine.sweep(0, Relaxation::fRelaxOnly);
        history.finish(iter + 1, converged, engine.steps() - stepsBefore);
        return history;
      }
    }
  }

  /** Relaxation, residual and restriction on each level from {@code from} to the one above the coarsest. */
  private void down(Engine<V> engine, int from, ConvergenceHistory history) {
    for (int l = from; l < hierarchy.numLevels() - 1; l++) relaxAndRestrict(engine, l, history);
  }

  /**
   * Back up to level {@code to}: F-relaxation of each coarse level, then correction of the one above;
   * in an F-cycle each intermediate level first runs a V-cycle of its own.
   */
  private void up(Engine<V> engine, int to, boolean fCycle, ConvergenceHistory history) {
    int coarsest = hierarchy.numLevels() - 1;
    for (int l = coarsest - 1; l >= to; l--) {
      if (l + 1 < coarsest) {
        if (fCycle) vcycle(engine, l + 1, history);
        describe(engine, l + 1, "F-relaxation");
        engine.sweep(l + 1, Relaxation::fRelaxOnly);
      }
      describe(engine, l, "correction from level " + (l + 1));
      engine.correct(l + 1);
    }
  }

  /** A V-cycle from level {@code top} down and back, ending with the correction of {@code top}. */
  private void vcycle(Engine<V> engine, int top, ConvergenceHistory history) {
    down(engine, top, history);
    describe(engine, hierarchy.numLevels() - 1, "coarsest solve");
    engine.solveInOrder(hierarchy.numLevels() - 1);
    up(engine, top, false, history);
  }

  /** CF sweeps, F-relaxation, residual and injection of one level; returns Σ‖r‖² of its C-points. */
  private double relaxAndRestrict(Engine<V> engine, int level, ConvergenceHistory history) {
    for (int nu = 0; nu < options.nrelax(level); nu++) {
      relaxF(engine, level, history);
      describe(engine, level, "C-relaxation");
      engine.sweep(level, Relaxation::cRelax);
    }
    relaxF(engine, level, history);
    describe(engine, level, "residual");
    // Only level 0's residual norm is looked at; elsewhere the residuals are kept without a sync.
    double sumSq = level == 0 ? engine.measure(level, Restriction::residual) : 0;
    if (level > 0) engine.sweep(level, Restriction::residualUnmeasured);
    int coarse = level + 1;
    describe(engine, coarse, "restriction (FAS)");
    engine.inject(coarse, true);
    engine.sweep(coarse, Restriction::stepAll);
    engine.exchange(coarse);
    engine.sweep(coarse, Restriction::coarseRhs);
    return sumSq;
  }

  /** F-relaxation, then the boundary exchange that C-relaxation and the residual need. */
  private void relaxF(Engine<V> engine, int level, ConvergenceHistory history) {
    describe(engine, level, "F-relaxation");
    engine.sweep(level, Relaxation::fRelax);
    engine.exchange(level);
  }

  private void describe(Engine<V> engine, int level, String phase) {
    engine.describe("MGRIT iteration " + iteration + ", level " + level + ": " + phase);
  }
}
