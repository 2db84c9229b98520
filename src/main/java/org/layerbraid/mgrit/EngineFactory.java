package org.layerbraid.mgrit;

import java.io.Serializable;

/** Makes the engine of one solve: where its time points will live. */
@FunctionalInterface
public interface EngineFactory<V> extends Serializable {
  Engine<V> create(Hierarchy hierarchy, TimeStepper<V> stepper);
}
