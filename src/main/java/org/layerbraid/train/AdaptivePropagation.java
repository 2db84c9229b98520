package org.layerbraid.train;

import java.util.Arrays;
import java.util.Locale;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.model.Trajectory;
import org.layerbraid.model.WarmStarts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/**
 * One-shot MGRIT that tightens its own solves when training stalls ({@link StallPolicy}). It
 * watches, after every epoch, the loss the policy names (the one-shot training loss, the exact
 * validation loss, or the exact training loss of a fixed sample) and on a stall replaces the
 * propagation with one of more cycles, or with serial propagation; it says when and why through
 * the progress display.
 */
final class AdaptivePropagation implements LayerPropagation, EpochMonitor {
  private static final long serialVersionUID = 1L;

  /** The training loss at theta computed exactly (serial propagation) on a fixed sample of the training set. */
  @FunctionalInterface
  interface ExactLoss {
    double at(NetworkShape shape, double[] theta);
  }

  private final StallPolicy policy;
  private final PropagationFactory propagations;
  private final boolean fullBatch;
  private final transient Progress progress;
  private final transient ExactLoss exactLoss;
  private PropagationSpec spec;
  private LayerPropagation current;
  private double[] losses = new double[64];
  private int n;
  private boolean tightened;

  AdaptivePropagation(LayerPropagation first, PropagationSpec spec, PropagationFactory propagations, boolean fullBatch,
      StallPolicy policy, ExactLoss exactLoss, Progress progress) {
    this.current = first;
    this.spec = spec;
    this.propagations = propagations;
    this.fullBatch = fullBatch;
    this.policy = policy;
    this.exactLoss = exactLoss;
    this.progress = progress;
  }

  @Override
  public boolean afterEpoch(EpochRecord r, NetworkShape shape, double[] theta) {
    // Once the solves are serial nothing is left to tighten, and the exact loss would cost for nothing.
    if (spec.kind() != PropagationSpec.Kind.MGRIT) return false;
    double loss = switch (watched(r)) {
      case EXACT -> exactLoss.at(shape, theta);
      case VALIDATION -> r.validationLoss();
      case TRAINING -> r.trainLoss();
    };
    if (n == losses.length) losses = Arrays.copyOf(losses, 2 * n);
    losses[n++] = loss;
    if (policy.stalled(losses, n)) tighten(r);
    return false;
  }

  private void tighten(EpochRecord r) {
    PropagationSpec next = policy.action() == StallPolicy.Action.SERIAL || spec.forwardIterations() * 2 > spec.options().maxIter()
        ? PropagationSpec.serial()
        : spec.withIterations(spec.forwardIterations() * 2, spec.backwardIterations() * 2, spec.stall());
    // Levels counted from 1 with the depth, as the progress display names them.
    progress.message(String.format(Locale.ROOT, "level %d N=%d epoch %d: %s loss %.5g has not improved by %.2g over %d"
        + " epochs (one-shot gradients are biased): propagation %s -> %s", r.level() + 1, r.depth(), r.epoch(),
        watched(r).lossName(), losses[n - 1], policy.tolerance(), policy.window(),
        spec.describe(), next.describe()));
    spec = next;
    LayerPropagation tighter = propagations.create(next, fullBatch);
    tighter.startFrom(current.warmStarts());
    current = tighter;
    tightened = true;
    n = 0;
  }

  /** The policy's watch; without a validation set the validation watch falls back to the training loss. */
  private StallPolicy.Watch watched(EpochRecord r) {
    return policy.watch() == StallPolicy.Watch.VALIDATION && !Double.isFinite(r.validationLoss())
        ? StallPolicy.Watch.TRAINING : policy.watch();
  }

  /** What a checkpoint keeps: the solves in use, as a change of the configured ones, and the watched losses. */
  PropagationState.Stall state(PropagationSpec configured) {
    return new PropagationState.Stall(SolvesChange.of(spec, configured), tightened, Arrays.copyOf(losses, n));
  }

  /** Continues from a {@link #state} of the same level's propagation; warm starts are restored after this. */
  void restore(PropagationState.Stall state, PropagationSpec configured) {
    if (state.tightened()) {
      spec = state.solves().apply(configured);
      current = propagations.create(spec, fullBatch);
      tightened = true;
    }
    n = state.losses().length;
    losses = Arrays.copyOf(state.losses(), Math.max(64, n));
  }

  /** The spec of the solves in use now. */
  PropagationSpec spec() { return spec; }

  /** Whether a stall has replaced the solves this propagation started with. */
  boolean tightened() { return tightened; }

  @Override
  public double[][] forward(ResNet net, double[] u0, int shard) { return current.forward(net, u0, shard); }

  @Override
  public Trajectory trajectory(ResNet net, double[] u0, int shard) { return current.trajectory(net, u0, shard); }

  @Override
  public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
    return current.backward(net, forward, lambdaN, grad, shard);
  }

  @Override
  public WholeStep wholeStep(ResNet net, double[] u0, int[] labels, double[] grad, int shard) {
    return current.wholeStep(net, u0, labels, grad, shard);
  }

  /** Between epochs, where the policy acts, every call goes to the solves in use. */
  @Override
  public <T extends LayerPropagation> T unwrap(Class<T> kind) { return current.unwrap(kind); }

  @Override
  public boolean keepsShardState() { return current.keepsShardState(); }

  @Override
  public WarmStarts warmStarts() { return current.warmStarts(); }

  @Override
  public void startFrom(WarmStarts starts) { current.startFrom(starts); }

  @Override
  public SolveCounts drainCounts() { return current.drainCounts(); }

  @Override
  public String toString() { return "adaptive (" + policy + "): " + current; }
}
