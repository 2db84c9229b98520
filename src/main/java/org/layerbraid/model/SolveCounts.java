package org.layerbraid.model;

/**
 * Iterations and work of the layer solves behind some optimisation steps: forward and backward
 * solves counted separately, the last forward residual norm, and the time-stepper applications
 * (layer-steps) they took, which is the cost in units of serial propagation.
 */
public record SolveCounts(int forwardSolves, int forwardIterations, int backwardSolves, int backwardIterations,
    double lastForwardResidual, double lastBackwardResidual, double layerSteps) {

  public static final SolveCounts NONE = new SolveCounts(0, 0, 0, 0, Double.NaN, Double.NaN, 0);

  public double meanForwardIterations() { return forwardSolves == 0 ? 0 : (double) forwardIterations / forwardSolves; }

  public double meanBackwardIterations() { return backwardSolves == 0 ? 0 : (double) backwardIterations / backwardSolves; }
}
