package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;
import org.layerbraid.LocalSpark;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;

/**
 * The resident engine gives the in-JVM engine's numbers on ResNet solves and one-shot training
 * across layer partitions and data shards, and a stage rerun after a task failure gives the same
 * result; the engine contract itself is {@link ResidentEngineContractTest}.
 */
class ResidentEngineTest {
  /** 16 slots for 8 layer partitions x 2 shards; up to 3 attempts per task, so a failed stage can be rerun. */
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[16,3]");



  private static SparkEngineTest.Engines residentEngines() {
    return (partitions, shards, width) -> ResidentEngine.factory(SPARK.sc(), partitions, shards, width);
  }

  @ParameterizedTest(name = "layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "2, 1", "4, 1", "8, 1", "1, 2", "2, 2", "4, 2", "8, 2"})
  void forwardStatesAndGradientsEqualTheInJvmEngine(int layerPartitions, int dataShards) {
    SparkEngineTest.assertStatesAndGradientsEqualTheInJvmEngine(residentEngines(), layerPartitions, dataShards);
  }

  @ParameterizedTest(name = "training: layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "2, 1", "4, 1", "8, 1", "1, 2", "2, 2", "4, 2", "8, 2"})
  void shortOneShotTrainingRunEqualsTheInJvmEngine(int layerPartitions, int dataShards) {
    SparkEngineTest.assertShortTrainingEqualsTheInJvmEngine(residentEngines(), layerPartitions, dataShards);
  }

  /** Fails once, in the first attempt of task 1's stage, then steps as the stepper it wraps. */
  record FailsOnce(TimeStepper<double[]> inner) implements TimeStepper<double[]> {
    /** Failures injected in this JVM (local mode runs the tasks here). */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public double[] step(double[] u, double[] aux, int level, int from, int to, double tstart, double tstop) {
      TaskContext t = TaskContext.get();
      if (t != null && t.partitionId() == 1 && t.stageAttemptNumber() == 0 && t.attemptNumber() == 0) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of task 1's first attempt");
      }
      return inner.step(u, aux, level, from, to, tstart, tstop);
    }

    @Override
    public double[] sum(double a, double[] x, double b, double[] y) { return inner.sum(a, x, b, y); }

    @Override
    public double norm(double[] v) { return inner.norm(v); }
  }

  /** Spark reruns the whole barrier stage from the same broadcast inputs: the same states and history. */
  @Test
  void aTaskThatFailsOnItsFirstAttemptIsRerunWithTheSameResult() {
    MgritOptions o = MgritOptions.DEFAULTS.withMaxIter(4).withTolerance(0, 0).withCfactors(4);
    Hierarchy h = new Hierarchy(128, 0, 2, o);
    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= 128; i++) guess.add(new double[] {1});
    List<double[]> expected, actual;
    ConvergenceHistory expectedHistory, actualHistory;
    try (InJvmEngine<double[]> e = new InJvmEngine<>(h, new ScalarBackwardEuler(-1), 4)) {
      e.initialize(guess, null);
      expectedHistory = e.solve(new Mgrit<>(h, o));
      expected = e.states(0);
    }
    try (ResidentEngine e = new ResidentEngine(SPARK.sc(), h, new FailsOnce(new ScalarBackwardEuler(-1)), 4, new ColumnShards(1, 1))) {
      e.initialize(guess, null);
      actualHistory = e.solve(new Mgrit<>(h, o));
      actual = e.states(0);
    }
    assertEquals(expectedHistory.residuals(), actualHistory.residuals());
    for (int i = 0; i <= 128; i++) assertEquals(expected.get(i)[0], actual.get(i)[0], 0.0, "state " + i);
  }
}
