package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.LocalSpark;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineContract;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;

/**
 * The engine contract on the resident engine, in a real local Spark context shared by the class,
 * with a task slot for every block the contract asks for (barrier stages start all their tasks at
 * once).
 */
class ResidentEngineContractTest extends EngineContract {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[8]");



  @Override
  protected Engine<double[]> engine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int blocks) {
    return new ResidentEngine(SPARK.sc(), hierarchy, stepper, blocks, new ColumnShards(1, 1));
  }

  private static List<double[]> ones(int n) {
    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= n; i++) guess.add(new double[] {1});
    return guess;
  }

  /** A whole solve, all its iterations, is one barrier stage, and one task gathers its counts. */
  @Test
  void aSolveIsTwoStages() {
    MgritOptions o = MgritOptions.DEFAULTS.withMaxIter(5).withTolerance(0, 0);
    long stages = solveAndRead(new ScalarBackwardEuler(-1), 64, 2, o, 4, ones(64), null, (history, e) -> {
      assertEquals(5, history.iterations());
      return e.stages();
    });
    assertEquals(2, stages, "stages of the solve");
  }

  @Test
  void moreTasksThanSlotsAreRefusedInOneLine() {
    Hierarchy h = new Hierarchy(64, 0, 2, MgritOptions.DEFAULTS);
    try (ResidentEngine e = new ResidentEngine(SPARK.sc(), h, new ScalarBackwardEuler(-1), 16, new ColumnShards(1, 1))) {
      e.initialize(ones(64), null);
      String m = assertThrows(IllegalArgumentException.class, () -> e.solve(new Mgrit<>(h, MgritOptions.DEFAULTS)))
          .getMessage();
      assertTrue(m.contains("16 tasks") && m.contains("8 task slots"), m);
    }
  }

  /**
   * 16 tasks on 8 slots, with the stage engine to fall back on: the solve runs there, to the in-JVM
   * engine's states and gradient, and the step count and stages are the stage engine's.
   */
  @Test
  void moreTasksThanSlotsRunOnTheStageEngine() {
    SparkEngineTest.assertStatesAndGradientsEqualTheInJvmEngine(
        (partitions, shards, width) -> ResidentEngine.factoryFallingBackToStages(SPARK.sc(), partitions, shards, width, 10),
        8, 2);
    MgritOptions o = MgritOptions.DEFAULTS.withMaxIter(3).withTolerance(0, 0);
    Hierarchy h = new Hierarchy(64, 0, 2, o);
    List<double[]> expected;
    long expectedSteps;
    try (InJvmEngine<double[]> e = new InJvmEngine<>(h, new ScalarBackwardEuler(-1), 16)) {
      e.initialize(ones(64), null);
      e.solve(new Mgrit<>(h, o));
      expected = e.states(0);
    }
    try (SparkEngine e = new SparkEngine(SPARK.sc(), h, new ScalarBackwardEuler(-1), 16, new ColumnShards(1, 1), 10)) {
      e.initialize(ones(64), null);
      e.solve(new Mgrit<>(h, o));
      expectedSteps = e.steps();
    }
    try (ResidentEngine e = new ResidentEngine(SPARK.sc(), h, new ScalarBackwardEuler(-1), 16, new ColumnShards(1, 1), 10)) {
      e.initialize(ones(64), null);
      assertEquals(3, e.solve(new Mgrit<>(h, o)).iterations());
      List<double[]> actual = e.states(0);
      for (int i = 0; i <= 64; i++) assertEquals(expected.get(i)[0], actual.get(i)[0], 1e-12, "state " + i);
      assertEquals(expectedSteps, e.steps(), "steps");
      assertTrue(e.stages() > 2, "a resident solve is 2 stages; the stage engine's took " + e.stages());
    }
  }

  @Test
  void theCyclesOperationsRunOnlyInTheTasks() {
    Hierarchy h = new Hierarchy(16, 0, 2, MgritOptions.DEFAULTS);
    try (ResidentEngine e = new ResidentEngine(SPARK.sc(), h, new ScalarBackwardEuler(-1), 2, new ColumnShards(1, 1))) {
      assertThrows(IllegalStateException.class, () -> e.exchange(0));
      assertThrows(IllegalStateException.class, () -> e.states(0), "no solve yet");
    }
  }
}
