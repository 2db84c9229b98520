package org.layerbraid.train;

import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.model.LayerPropagation;

/**
 * Makes a fresh propagation from a spec (warm starts empty), bound to wherever this run's solves
 * execute (e.g. the Spark context of the Spark engine).
 */
@FunctionalInterface
public interface PropagationFactory {
  LayerPropagation create(PropagationSpec spec, boolean fullBatch);

  /** Propagations whose MGRIT solves run in this JVM: training that needs no Spark context. */
  static PropagationFactory inJvm() {
    return (spec, fullBatch) -> {
      if (spec.engine() != PropagationSpec.EngineKind.JVM) {
        throw new IllegalArgumentException("mgrit.engine = " + spec.engine().name().toLowerCase(java.util.Locale.ROOT)
            + " needs a Spark context; without one only the in-JVM engine (jvm) runs");
      }
      return spec.create(fullBatch, InJvmEngine.factory(spec.layerPartitions()));
    };
  }
}
