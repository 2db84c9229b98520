package org.layerbraid.train;

import org.layerbraid.model.LayerPropagation;

/**
 * Makes a fresh propagation from a spec (warm starts empty), bound to wherever this run's solves
 * execute (e.g. the Spark context of the Spark engine).
 */
@FunctionalInterface
public interface PropagationFactory {
  LayerPropagation create(PropagationSpec spec, boolean fullBatch);
}
