/**
 * Where MGRIT's time points live and how sweeps run: {@link org.layerbraid.engine.InJvmEngine}
 * (this JVM; the reference) and {@link org.layerbraid.engine.SparkEngine} (blocks in RDD
 * partitions: layer time-slices × data shards; sweeps as stages, boundary exchange and level
 * changes as shuffles). Both run the same cycle and give the same numbers. Also the ResNet as an
 * MGRIT problem: forward and reversed-time adjoint steppers, and
 * {@link org.layerbraid.engine.MgritPropagation}, converged or one-shot.
 */
package org.layerbraid.engine;
