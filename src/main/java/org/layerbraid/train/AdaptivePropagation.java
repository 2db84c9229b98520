package org.layerbraid.train;

import java.util.Arrays;
import java.util.Locale;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.model.WarmStarts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/**
 * One-shot MGRIT that tightens its own solves when training stalls ({@link StallPolicy}). It
 * watches the training loss (or the validation loss, computed exactly with serial propagation;
 * the training loss when there is no validation set) after every epoch, and on a stall replaces the
 * propagation with one of more cycles, or with serial propagation; it says when and why through
 * the progress display.
 */
final class AdaptivePropagation implements LayerPropagation, EpochMonitor {
  private static final long serialVersionUID = 1L;

  private final StallPolicy policy;
  private final PropagationFactory propagations;
  private final boolean fullBatch;
  private final transient Progress progress;
  private PropagationSpec spec;
  private LayerPropagation current;
  private double[] losses = new double[64];
  private int n;
  private boolean tightened;

  AdaptivePropagation(LayerPropagation first, PropagationSpec spec, PropagationFactory propagations, boolean fullBatch,
      StallPolicy policy, Progress progress) {
    this.current = first;
    this.spec = spec;
    this.propagations = propagations;
    this.fullBatch = fullBatch;
    this.policy = policy;
    this.progress = progress;
  }

  @Override
  public boolean afterEpoch(EpochRecord r, NetworkShape shape, double[] theta) {
    double loss = validation(r) ? r.validationLoss() : r.trainLoss();
    if (n == losses.length) losses = Arrays.copyOf(losses, 2 * n);
    losses[n++] = loss;
    if (spec.kind() == PropagationSpec.Kind.MGRIT && policy.stalled(losses, n)) tighten(r);
    return false;
  }

  private void tighten(EpochRecord r) {
    PropagationSpec next = policy.action() == StallPolicy.Action.SERIAL || spec.forwardIterations() * 2 > spec.options().maxIter()
        ? PropagationSpec.serial()
        : spec.withIterations(spec.forwardIterations() * 2, spec.backwardIterations() * 2, spec.stall());
    progress.message(String.format(Locale.ROOT, "level %d epoch %d: %s loss %.5g has not improved by %.2g over %d epochs"
        + " (one-shot gradients are biased): propagation %s -> %s", r.level(), r.epoch(),
        validation(r) ? "validation" : "training", losses[n - 1], policy.tolerance(), policy.window(),
        spec.describe(), next.describe()));
    spec = next;
    LayerPropagation tighter = propagations.create(next, fullBatch);
    tighter.startFrom(current.warmStarts());
    current = tighter;
    tightened = true;
    n = 0;
  }

  private boolean validation(EpochRecord r) {
    return policy.watch() == StallPolicy.Watch.VALIDATION && Double.isFinite(r.validationLoss());
  }

  /** The spec of the solves in use now. */
  PropagationSpec spec() { return spec; }

  /** Whether a stall has replaced the solves this propagation started with. */
  boolean tightened() { return tightened; }

  @Override
  public double[][] forward(ResNet net, double[] u0, int shard) { return current.forward(net, u0, shard); }

  @Override
  public double[] backward(ResNet net, double[][] states, double[] lambdaN, double[] grad, int shard) {
    return current.backward(net, states, lambdaN, grad, shard);
  }

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
