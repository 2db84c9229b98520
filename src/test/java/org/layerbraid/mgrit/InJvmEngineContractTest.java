package org.layerbraid.mgrit;

import org.layerbraid.engine.InJvmEngine;

/** The engine contract on the in-JVM engine (where comparing with the in-JVM engine checks that it is deterministic). */
class InJvmEngineContractTest extends EngineContract {

  @Override
  protected Engine<double[]> engine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int blocks) {
    return new InJvmEngine<>(hierarchy, stepper, blocks);
  }
}
