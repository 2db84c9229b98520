package org.layerbraid.train;

import java.util.Locale;
import org.layerbraid.model.Choices;

/**
 * What one-shot MGRIT training does when it stalls. One-shot gradients are biased (the solves are
 * not converged), and near a minimum the bias, not the step size, limits progress; when the loss
 * has not improved by {@code tolerance} (relative) over {@code window} epochs, the solves are
 * tightened: {@code MORE} doubles the cycles per solve (up to the converged solver's
 * {@code maxIter}), {@code SERIAL} switches to exact serial propagation. Under nested iteration
 * {@code carry} starts every level with the solves the previous one was tightened to; otherwise
 * each level starts from the configured solves and pays for detecting the stall again.
 */
public record StallPolicy(Action action, int window, double tolerance, Watch watch, boolean carry) {

  /**
   * Which loss makes a stall. The one-shot training loss ({@code TRAINING}) is computed by the same
   * inexact solves that train, so it cannot see their bias: on Peaks with a coarse one-shot solver
   * the network learnt to fit the inexact solves (that loss falling, exact validation accuracy down
   * to 50-69 %). The validation loss ({@code VALIDATION}) is computed exactly (serial propagation)
   * and sees the bias, but it also stops improving when the network overfits, which no tightening
   * cures and which then costs solves for nothing (without a validation set the training loss is
   * watched). {@code EXACT} watches the training loss computed exactly on a fixed sample of the
   * training set: it sees the bias as the validation loss does and keeps falling while the network
   * overfits. Measured on Peaks and Fashion-MNIST, docs/nested-iteration.md.
   */
  public enum Watch {
    TRAINING, VALIDATION, EXACT;

    public static Watch parse(String s) {
      return Choices.parse(values(), s, "loss to watch");
    }

    /** What the console calls the watched loss. */
    public String lossName() {
      return this == EXACT ? "exact training" : name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Action {
    NONE, MORE, SERIAL;

    public static Action parse(String s) {
      return Choices.parse(values(), s, "stall action");
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }
  }

  public static final StallPolicy NONE = new StallPolicy(Action.NONE, 20, 1e-3, Watch.TRAINING, true);

  public StallPolicy {
    if (action == null || watch == null) throw new IllegalArgumentException("a stall action and a loss to watch are required");
    if (window < 1) throw new IllegalArgumentException("stall window must be >= 1 epoch, got " + window);
    if (!(tolerance >= 0 && tolerance < 1)) throw new IllegalArgumentException("stall tolerance must be in [0, 1), got " + tolerance);
  }

  public boolean enabled() { return action != Action.NONE; }

  /**
   * True when the best of the last {@code window} losses is not {@code tolerance} (relative) below
   * the best loss before them; {@code losses} are one per epoch since the solves last changed.
   */
  public boolean stalled(double[] losses, int n) {
    if (n <= window) return false;
    double before = Double.POSITIVE_INFINITY, recent = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n - window; i++) before = Math.min(before, losses[i]);
    for (int i = n - window; i < n; i++) recent = Math.min(recent, losses[i]);
    return recent > before - tolerance * Math.abs(before);
  }

  @Override
  public String toString() {
    return enabled() ? String.format(Locale.ROOT, "on a stall (%s loss < %.2g better over %d epochs): %s",
        watch.lossName(), tolerance, window, action.id()) : "none";
  }
}
