/**
 * Where MGRIT's time points live and how sweeps run: {@link org.layerbraid.engine.InJvmEngine}
 * (this JVM; the reference), {@link org.layerbraid.engine.SparkEngine} (the stage engine: blocks
 * in RDD partitions, layer time-slices × data shards; sweeps pipelined into stages, the boundary
 * exchange as a shuffle of one state per block, level changes within partitions where the levels'
 * blocks are nested and as shuffles where not) and {@link org.layerbraid.engine.ResidentEngine}
 * (the blocks held by the long-running tasks of one barrier stage per solve, each task running the
 * cycle in step on a {@link org.layerbraid.engine.ResidentTaskEngine}). All implement
 * {@link org.layerbraid.mgrit.Engine}, run the same cycle and give the same numbers; an
 * {@link org.layerbraid.mgrit.EngineFactory} of each makes the engine of one solve.
 * {@link org.layerbraid.engine.ResidentSteps} runs a whole training step (both solves, classifier,
 * gradient) in one barrier stage; {@link org.layerbraid.engine.ResidentWeights} cuts the parameters
 * among its tasks, for epochs that keep them there.
 *
 * <p>The barrier machinery is shared with data-parallel training: {@link org.layerbraid.engine.BarrierStage}
 * (tasks linked by {@link org.layerbraid.engine.TaskLinks}, output read through a shuffle so the stage
 * can always be rerun) and {@link org.layerbraid.engine.BarrierSlots} (whether its tasks can all run).
 */
package org.layerbraid.engine;
