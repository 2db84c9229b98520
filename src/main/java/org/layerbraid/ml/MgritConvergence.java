package org.layerbraid.ml;

import java.util.LinkedHashMap;
import java.util.Map;
import org.layerbraid.mgrit.ConvergenceHistory;

/**
 * How MGRIT converged on a trained network ({@link LayerBraidClassificationModel#mgritConvergence}):
 * the residual norm of every V-cycle of the forward solve (the states u_0 … u_N) and of the
 * adjoint solve (λ_N … λ_0 of the loss), each run to tolerance.
 */
public record MgritConvergence(ConvergenceHistory forward, ConvergenceHistory adjoint) {

  /** Both residual histories by name, forward first: what {@code Charts.residualHistories} draws. */
  public Map<String, double[]> residualHistories() {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("forward", forward.residualArray());
    m.put("adjoint", adjoint.residualArray());
    return m;
  }
}
