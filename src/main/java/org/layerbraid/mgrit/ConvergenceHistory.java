package org.layerbraid.mgrit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fine-level C-point residual norm ‖r_k‖ of each iteration k (NaN where XBraid prints "not
 * available": the skipped first down-cycle computes none), and the work the solve took
 * (steps of the time stepper on all levels, which for a ResNet are layer-steps).
 */
public final class ConvergenceHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Double> residuals = new ArrayList<>();
  private long steps;
  private int iterations;
  private boolean converged;

  void add(double residualNorm) { residuals.add(residualNorm); }

  void finish(int iterationsDone, boolean isConverged, long stepsTaken) {
    this.iterations = iterationsDone;
    this.converged = isConverged;
    this.steps = stepsTaken;
  }

  public List<Double> residuals() { return List.copyOf(residuals); }

  public double[] residualArray() { return residuals.stream().mapToDouble(Double::doubleValue).toArray(); }

  /** Last residual norm computed (NaN when none was: a one-level serial solve, or a skipped first cycle). */
  public double lastResidual() { return residuals.isEmpty() ? Double.NaN : residuals.get(residuals.size() - 1); }

  /** Number of V-cycles done. */
  public int iterations() { return iterations; }

  public boolean converged() { return converged; }

  /**
   * The first cycle whose residual is NaN or infinite, or −1: the solve blew up there. With
   * {@code skippedFirst}, the first cycle's NaN means "not computed" and does not count.
   */
  public int firstNonFinite(boolean skippedFirst) {
    for (int k = skippedFirst ? 1 : 0; k < residuals.size(); k++) {
      if (!Double.isFinite(residuals.get(k))) return k;
    }
    return -1;
  }

  /** Time-stepper applications on all levels. */
  public long steps() { return steps; }

  /** The table XBraid prints at print level 1: one line per residual with its convergence factor. */
  public String table() {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < residuals.size(); k++) {
      double r = residuals.get(k);
      if (Double.isNaN(r)) {
        s.append(String.format(Locale.ROOT, "  Braid: || r_%d || not available%n", k));
        continue;
      }
      double prev = k > 0 ? residuals.get(k - 1) : Double.NaN;
      double factor = prev > 0 ? r / prev : 1.0;
      s.append(String.format(Locale.ROOT, "  Braid: || r_%d || = %1.6e, conv factor = %1.2e%n", k, r, factor));
    }
    return s.toString();
  }
}
