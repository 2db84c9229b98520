/**
 * Where MGRIT's time points live and how sweeps run: {@link org.layerbraid.engine.InJvmEngine}
 * (this JVM; the reference) and {@link org.layerbraid.engine.SparkEngine} (blocks in RDD
 * partitions: layer time-slices × data shards; sweeps pipelined into stages, the boundary exchange
 * as a shuffle of one state per block, level changes within partitions where the levels' blocks
 * are nested and as shuffles where not). Both implement {@link org.layerbraid.mgrit.Engine}, run
 * the same cycle and give the same numbers; an {@link org.layerbraid.mgrit.EngineFactory} of each
 * ({@code InJvmEngine.factory}, {@code SparkEngines.factory}) makes the engine of one solve.
 */
package org.layerbraid.engine;
