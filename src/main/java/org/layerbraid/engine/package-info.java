/**
 * Where MGRIT's time points live and how sweeps run: {@link org.layerbraid.engine.InJvmEngine}
 * (this JVM; the reference) and {@link org.layerbraid.engine.SparkEngine} (blocks in RDD
 * partitions: layer time-slices × data shards; sweeps pipelined into stages, the boundary exchange
 * as a shuffle of one state per block, level changes within partitions where the levels' blocks
 * are nested and as shuffles where not). Both run the same cycle and give the same numbers. Also the ResNet as an
 * MGRIT problem: forward and reversed-time adjoint steppers, and
 * {@link org.layerbraid.engine.MgritPropagation}, converged or one-shot.
 */
package org.layerbraid.engine;
