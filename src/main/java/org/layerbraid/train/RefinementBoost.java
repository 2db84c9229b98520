package org.layerbraid.train;

import java.util.HashMap;
import java.util.Map;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.model.Trajectory;
import org.layerbraid.model.WarmStarts;

/**
 * More MGRIT cycles for the first solves after a refinement, when the one-shot solver's start is
 * at best the coarse network's states refined (exact only for {@code zero} interpolation, and
 * only under full batch). For each data shard, its first
 * {@code boostedSolves} forward solves, and the backward solves that follow them, run
 * {@code factor} times the cycles:
 *
 * <ul>
 *   <li>with warm starts (full batch) the level's own propagation is called {@code factor} times in
 *       a row, each call continuing from the last one's states, so the warm start carries on
 *       unbroken into the ordinary solves;
 *   <li>without warm starts every solve starts cold anyway, so the boosted solves go to a second
 *       propagation with {@code factor} times the cycles.
 * </ul>
 *
 * Solve counts are reported per logical solve (a repeated call counts once, with all its cycles).
 */
final class RefinementBoost implements LayerPropagation {
  private static final long serialVersionUID = 1L;

  private final LayerPropagation base;
  private final LayerPropagation boosted; // null: repeat base
  private final int factor;
  private final int boostedSolves;
  private final Map<Integer, Integer> forwardCalls = new HashMap<>();
  private int logicalForward, logicalBackward;

  private RefinementBoost(LayerPropagation base, LayerPropagation boosted, int factor, int boostedSolves) {
    this.base = base;
    this.boosted = boosted;
    this.factor = factor;
    this.boostedSolves = boostedSolves;
  }

  /**
   * The level's propagation, boosted after a refinement when the spec is one-shot MGRIT and the
   * settings ask for it; otherwise the spec's propagation itself.
   */
  static LayerPropagation forLevel(PropagationSpec spec, PropagationFactory propagations, boolean fullBatch, int solves,
      int factor) {
    LayerPropagation base = propagations.create(spec, fullBatch);
    if (solves == 0 || factor == 1 || spec.kind() != PropagationSpec.Kind.MGRIT || !spec.oneShot()) return base;
    if (fullBatch) return new RefinementBoost(base, null, factor, solves);
    PropagationSpec more = spec.withIterations(spec.forwardIterations() * factor, spec.backwardIterations() * factor,
        StallPolicy.NONE);
    return new RefinementBoost(base, propagations.create(more, false), factor, solves);
  }

  private synchronized boolean boost(int shard, boolean countCall) {
    int calls = forwardCalls.getOrDefault(shard, 0);
    if (countCall) forwardCalls.put(shard, ++calls);
    return calls <= boostedSolves;
  }

  @Override
  public double[][] forward(ResNet net, double[] u0, int shard) { return solve(net, u0, shard, false).states(); }

  @Override
  public Trajectory trajectory(ResNet net, double[] u0, int shard) { return solve(net, u0, shard, true); }

  private Trajectory solve(ResNet net, double[] u0, int shard, boolean forBackward) {
    boolean more = boost(shard, true);
    synchronized (this) {
      logicalForward++;
    }
    LayerPropagation p = !more ? base : boosted != null ? boosted : null;
    if (p != null) return forBackward ? p.trajectory(net, u0, shard) : Trajectory.of(p.forward(net, u0, shard));
    Trajectory t = null;
    for (int k = 0; k < factor; k++) t = forBackward ? base.trajectory(net, u0, shard) : Trajectory.of(base.forward(net, u0, shard));
    return t;
  }

  @Override
  public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
    boolean more = boost(shard, false);
    synchronized (this) {
      logicalBackward++;
    }
    if (!more) return base.backward(net, forward, lambdaN, grad, shard);
    if (boosted != null) return boosted.backward(net, forward, lambdaN, grad, shard);
    for (int k = 1; k < factor; k++) base.backward(net, forward, lambdaN, null, shard);
    return base.backward(net, forward, lambdaN, grad, shard);
  }

  /**
   * Without warm starts a boosted step goes whole to the boosted propagation, an ordinary one to
   * the base, where they can run it whole; counted as one forward and one backward solve.
   */
  @Override
  public WholeStep wholeStep(ResNet net, double[] u0, int[] labels, double[] grad, int shard) {
    if (boosted == null) return null;
    LayerPropagation p;
    synchronized (this) {
      p = forwardCalls.getOrDefault(shard, 0) < boostedSolves ? boosted : base;
    }
    WholeStep w = p.wholeStep(net, u0, labels, grad, shard);
    if (w != null) {
      boost(shard, true);
      synchronized (this) {
        logicalForward++;
        logicalBackward++;
      }
    }
    return w;
  }

  /** Forward solves per shard so far: what a checkpoint keeps of the boost. */
  synchronized Map<Integer, Integer> calls() { return Map.copyOf(forwardCalls); }

  /** Continues counting from {@link #calls} of the same level's boost. */
  synchronized void restoreCalls(Map<Integer, Integer> calls) {
    forwardCalls.clear();
    forwardCalls.putAll(calls);
  }

  /** It counts the solves per shard: a batch solved in parts would end the boost early. */
  @Override
  public boolean keepsShardState() { return true; }

  // Warm starts live in the base propagation only: the boosted one (minibatches) starts cold anyway.
  @Override
  public WarmStarts warmStarts() { return base.warmStarts(); }

  @Override
  public void startFrom(WarmStarts starts) { base.startFrom(starts); }

  @Override
  public synchronized SolveCounts drainCounts() {
    SolveCounts a = base.drainCounts();
    SolveCounts b = boosted == null ? SolveCounts.NONE : boosted.drainCounts();
    SolveCounts out = new SolveCounts(logicalForward, a.forwardIterations() + b.forwardIterations(), logicalBackward,
        a.backwardIterations() + b.backwardIterations(), a.forwardSolves() > 0 ? a.lastForwardResidual() : b.lastForwardResidual(),
        a.backwardSolves() > 0 ? a.lastBackwardResidual() : b.lastBackwardResidual(), a.layerSteps() + b.layerSteps());
    logicalForward = logicalBackward = 0;
    return out;
  }

  @Override
  public String toString() {
    return "first " + boostedSolves + " solves per shard with x" + factor + " cycles, then " + base;
  }
}
