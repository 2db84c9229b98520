package org.layerbraid.model;

/**
 * How the chain of residual layers is solved, forwards and backwards. Serial stepping is the
 * reference; MGRIT (package {@code org.layerbraid.resnet}) solves the same chains layer-parallel.
 */
public interface LayerPropagation extends java.io.Serializable {

  /**
   * The states u_0 … u_N of the residual layers, starting from u0. {@code shard} names the block
   * of examples, so that a propagation that warm-starts can keep one start per block.
   */
  double[][] forward(ResNet net, double[] u0, int shard);

  /**
   * The forward propagation a {@link #backward} will follow: the states, plus whatever the
   * propagation can keep to spare the backward pass work (by default nothing).
   */
  default Trajectory trajectory(ResNet net, double[] u0, int shard) { return Trajectory.of(forward(net, u0, shard)); }

  /**
   * λ_0 given λ_N, linearised about the forward trajectory; adds the hidden-layer weight gradients
   * into grad (when not null).
   */
  double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard);

  /**
   * The classifier's sums and λ_0 of a batch whose whole propagation (forward, classifier,
   * backward) ran in one go, its hidden-layer and classifier gradients added into grad; or null
   * when the propagation cannot run it so, and the caller steps through {@link #trajectory},
   * {@link ResNet#classify} and {@link #backward} itself. A propagation whose states live
   * elsewhere (in Spark tasks) keeps them there between the two solves this way.
   */
  default WholeStep wholeStep(ResNet net, double[] u0, int[] labels, double[] grad, int shard) { return null; }

  /** What {@link #wholeStep} gives back: the classifier's loss sum, correct and counted examples, and λ_0. */
  record WholeStep(double lossSum, int correct, int count, double[] lambda0) {}

  /**
   * The propagation of this kind that does the work, this one or the one a wrapper hands every call
   * to; null when there is none, or when a wrapper does more than hand calls on (then a caller that
   * would go around it must not).
   */
  default <T extends LayerPropagation> T unwrap(Class<T> kind) { return kind.isInstance(this) ? kind.cast(this) : null; }

  /** The states the next solves would start from (none for a propagation that does not warm-start). */
  default WarmStarts warmStarts() { return WarmStarts.NONE; }

  /** Starts the next solves from these states, where their depth fits; ignored without warm starts. */
  default void startFrom(WarmStarts starts) {}

  /**
   * Whether the propagation keeps something per shard from one call to the next (warm starts,
   * solve counts): then a shard's batch must be solved whole, never in parts.
   */
  default boolean keepsShardState() { return false; }

  /** Whether several shards may be solved at once on different threads. */
  default boolean concurrent() { return false; }

  /** Solver work since the last call, for progress reports; serial propagation reports none. */
  default SolveCounts drainCounts() { return SolveCounts.NONE; }
}
