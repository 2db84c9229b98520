package org.layerbraid.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The states a warm-starting propagation begins its next solves from, per shard of examples: the
 * forward states u_0 … u_N, and the adjoints stored from the end (entry k is λ at layer N − k).
 * Handed from one propagation to the next when training swaps its solver, and refined in depth
 * when nested iteration refines the network, so the deeper network's first solves do not start cold.
 */
public record WarmStarts(Map<Integer, double[][]> forward, Map<Integer, double[][]> backward) {
  public static final WarmStarts NONE = new WarmStarts(Map.of(), Map.of());

  public WarmStarts {
    forward = Map.copyOf(forward);
    backward = Map.copyOf(backward);
  }

  public boolean isEmpty() { return forward.isEmpty() && backward.isEmpty(); }

  /** The starts for the network {@code refinement} makes {@code factor} times deeper. */
  public WarmStarts refined(DepthRefinement refinement, int factor) {
    if (isEmpty()) return this;
    Map<Integer, double[][]> f = new HashMap<>(), b = new HashMap<>();
    forward.forEach((shard, states) -> f.put(shard, refinement.refineStates(states, factor, false)));
    backward.forEach((shard, states) -> b.put(shard, refinement.refineStates(states, factor, true)));
    return new WarmStarts(f, b);
  }
}
