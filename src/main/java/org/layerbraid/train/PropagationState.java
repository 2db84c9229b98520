package org.layerbraid.train;

import java.util.Map;
import org.layerbraid.model.WarmStarts;

/**
 * What a level's layer propagation carries from one epoch to the next: the MGRIT warm starts, the
 * solves per shard a {@link RefinementBoost} has counted, and a stall detector's state.
 *
 * @param boostedCalls forward solves per shard so far, when the level's solves are boosted (else empty)
 * @param stall the stall detector's state, null when the level has none
 */
public record PropagationState(WarmStarts warmStarts, Map<Integer, Integer> boostedCalls, Stall stall) {

  public PropagationState {
    boostedCalls = Map.copyOf(boostedCalls);
  }

  /**
   * {@link AdaptivePropagation}'s state: the solves it has tightened to, whether it has, and the
   * watched losses since the solves last changed.
   */
  public record Stall(SolvesChange solves, boolean tightened, double[] losses) {}
}
