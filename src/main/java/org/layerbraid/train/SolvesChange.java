package org.layerbraid.train;

/**
 * The solves in use, as a change of the configured {@link PropagationSpec}: none, serial, or other
 * one-shot cycle counts, the only changes a stall makes ({@link AdaptivePropagation}). A checkpoint
 * stores this, not the spec, whose other fields the configuration gives back.
 */
public record SolvesChange(boolean changed, boolean serial, int forwardIterations, int backwardIterations) {
  static final SolvesChange NONE = new SolvesChange(false, false, 0, 0);

  static SolvesChange of(PropagationSpec spec, PropagationSpec configured) {
    if (spec == configured) return NONE;
    return spec.kind() == PropagationSpec.Kind.SERIAL ? new SolvesChange(true, true, 0, 0)
        : new SolvesChange(true, false, spec.forwardIterations(), spec.backwardIterations());
  }

  /** The spec this change makes of the configured one; the configured object itself when unchanged. */
  PropagationSpec apply(PropagationSpec configured) {
    if (!changed) return configured;
    if (serial) return PropagationSpec.serial();
    if (configured.kind() != PropagationSpec.Kind.MGRIT || !configured.oneShot()) {
      throw new IllegalArgumentException("the checkpoint's solves were tightened one-shot MGRIT; the settings are "
          + configured.describe());
    }
    return configured.withIterations(forwardIterations, backwardIterations, configured.stall());
  }
}
