package org.layerbraid.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.report.Charts;

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

  /** Both histories drawn as one chart (residual norm per V-cycle, log scale), as PNG bytes. */
  public byte[] png() {
    try {
      return Charts.residualHistoriesPng(residualHistories());
    } catch (IOException e) {
      throw new UncheckedIOException("drawing the residual histories", e);
    }
  }
}
