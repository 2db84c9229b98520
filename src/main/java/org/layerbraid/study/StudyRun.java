package org.layerbraid.study;

import org.layerbraid.study.StudySettings.Arm;

/**
 * One training run of a study: which arm, sweep case and seed, what it cost and its measured
 * curve. For nested iteration also the depth and the mean MGRIT iterations per step of each level
 * (zeros with serial propagation).
 *
 * @param setting the arm's tuning-grid setting the run was made with ({@link StudySettings.SweepCase#CONFIGURED}
 *     without a grid; empty for MLlib)
 * @param seconds wall time of the training (measurements excluded)
 * @param steps optimisation steps (MLlib: L-BFGS iterations)
 * @param sharedWith the sweep case whose run this is, when a case only changed keys this arm ignores
 *     (empty when the run was made for this case)
 */
public record StudyRun(Arm arm, String caseName, String setting, long seed, double seconds, long steps, Curve curve, int[] depths,
    double[] forwardIterations, double[] backwardIterations, String sharedWith) {

  /** The same run, reported under another case (whose changed keys do not affect it). */
  StudyRun sharedAs(String otherCase) {
    return new StudyRun(arm, otherCase, setting, seed, seconds, steps, curve, depths, forwardIterations, backwardIterations,
        caseName);
  }

  /** The final measurement: the parameters the run ended with. */
  public Curve.Point last() { return curve.last(); }
}
