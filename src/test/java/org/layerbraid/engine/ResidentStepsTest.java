package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerbraid.LocalSpark;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.model.ResNet;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.resnet.ResNetAdjointStepper;
import org.layerbraid.resnet.ResNetForwardStepper;
import org.layerbraid.resnet.WholeSteps;

/**
 * A whole training step in one barrier stage gives the in-JVM engine's loss, accuracy and gradient
 * (solve by solve, all states through this JVM) across layer partitions and data shards, trains to
 * the same weights, and gives the same numbers when Spark reruns its stage after a task failure.
 */
class ResidentStepsTest {
  /** 16 slots for 8 layer partitions x 2 shards; up to 3 attempts per task, so a failed stage can be rerun. */
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[16,3]");

  static final NetworkShape SHAPE = new NetworkShape(3, 4, 32, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
  static final MgritOptions CONVERGED = new MgritOptions(10, new int[] {4}, new int[] {1}, 2, 0, 0, 2, true, false);

  @ParameterizedTest(name = "layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "2, 1", "4, 1", "8, 1", "1, 2", "2, 2", "4, 2", "8, 2"})
  void lossAccuracyAndGradientEqualTheInJvmEngineInOneStagePerStep(int layerPartitions, int dataShards) {
    ResNet net = new ResNet(SHAPE, new Initialization(1, 1.5, 1, 3).draw(SHAPE));
    Examples batch = TestData.randomExamples(3, 3, 12, 5);
    MgritPropagation reference = MgritPropagation.converged(CONVERGED, CoarseWeights.MEAN, InJvmEngine.factory(layerPartitions));
    ResidentSteps steps = new ResidentSteps(SPARK.sc(), layerPartitions, dataShards);
    MgritPropagation whole = MgritPropagation.converged(CONVERGED, CoarseWeights.MEAN,
        ResidentEngine.factory(SPARK.sc(), layerPartitions, dataShards, SHAPE.width())).withWholeSteps(steps);
    GradientSum expected = BatchEvaluation.evaluate(net, reference, batch, true, 0);
    GradientSum actual = BatchEvaluation.evaluate(net, whole, batch, true, 0);
    assertEquals(expected.lossSum, actual.lossSum, 1e-12 * Math.abs(expected.lossSum));
    assertEquals(expected.correct, actual.correct);
    assertEquals(expected.count, actual.count);
    assertTrue(TestData.relDiff(expected.grad, actual.grad) <= 1e-12, "gradient");
    // Solve by solve on the resident engine, which counts steps per data shard as the whole step does.
    MgritPropagation bySolve = MgritPropagation.converged(CONVERGED, CoarseWeights.MEAN,
        ResidentEngine.factory(SPARK.sc(), layerPartitions, dataShards, SHAPE.width()));
    BatchEvaluation.evaluate(net, bySolve, batch, true, 0);
    SolveCounts e = bySolve.drainCounts(), a = whole.drainCounts();
    assertEquals(List.of(e.forwardSolves(), e.forwardIterations(), e.backwardSolves(), e.backwardIterations(), e.layerSteps()),
        List.of(a.forwardSolves(), a.forwardIterations(), a.backwardSolves(), a.backwardIterations(), a.layerSteps()));
    assertEquals(e.lastBackwardResidual(), a.lastBackwardResidual(), 1e-12 * e.lastBackwardResidual());
    // The barrier stage and the stage that reads its output through the shuffle: nothing else.
    assertEquals(2, steps.stages());
  }

  @ParameterizedTest(name = "training: layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "4, 1", "2, 2", "8, 2"})
  void shortOneShotTrainingRunEqualsTheInJvmEngine(int layerPartitions, int dataShards) {
    ResidentSteps steps = new ResidentSteps(SPARK.sc(), layerPartitions, dataShards);
    // Minibatches of 10: no warm starts, so every gradient is a whole step.
    SparkEngineTest.assertShortTrainingEqualsTheInJvmEngine(ResidentEngine.factory(SPARK.sc(), layerPartitions,
        dataShards, SparkEngineTest.SHORT_RUN.width()), layerPartitions, 10, p -> p.withWholeSteps(steps));
    assertTrue(steps.stages() >= 2 * 3 * 3, "3 epochs of at least 3 minibatches, 2 stages each: " + steps.stages());
  }

  /** Spark reruns the whole barrier stage from the same broadcast inputs: the same step, bit for bit. */
  @Test
  void aTaskThatFailsOnItsFirstAttemptIsRerunWithTheSameResult() {
    ResNet net = new ResNet(SHAPE, new Initialization(1, 1.5, 1, 3).draw(SHAPE));
    Examples batch = TestData.randomExamples(3, 3, 12, 5);
    Hierarchy h = new Hierarchy(SHAPE.depth(), 0, SHAPE.finalTime(), CONVERGED);
    double[] u0 = net.open(batch.features(), batch.size());
    ResNetForwardStepper forward = new ResNetForwardStepper(net, CoarseWeights.MEAN);
    ResNetAdjointStepper adjoint = new ResNetAdjointStepper(net, CoarseWeights.MEAN);
    ResidentSteps steps = new ResidentSteps(SPARK.sc(), 4, 2);
    WholeSteps.Result expected = steps.run(new WholeSteps.Problem(net, forward, adjoint, h, CONVERGED, h, CONVERGED), u0,
        batch.labels());
    int injectedBefore = ResidentEngineTest.FailsOnce.INJECTED.get();
    WholeSteps.Result actual = steps.run(new WholeSteps.Problem(net, new ResidentEngineTest.FailsOnce(forward), adjoint, h,
        CONVERGED, h, CONVERGED), u0, batch.labels());
    assertEquals(expected.forward().residuals(), actual.forward().residuals());
    assertEquals(expected.backward().residuals(), actual.backward().residuals());
    assertEquals(expected.lossSum(), actual.lossSum(), 0.0);
    assertArrayEquals(expected.lambda0(), actual.lambda0(), 0.0);
    assertArrayEquals(expected.grad(), actual.grad(), 0.0);
    assertEquals(injectedBefore + 1, ResidentEngineTest.FailsOnce.INJECTED.get(), "one injected failure, then the rerun");
  }

  /** 32 tasks on 16 slots: not run whole (null), so the step goes solve by solve. */
  @Test
  void aStepWhoseTasksDoNotFitTheSlotsIsLeftToTheSolves() {
    Hierarchy h = new Hierarchy(64, 0, 1, CONVERGED);
    ResNet net = new ResNet(SHAPE, new Initialization(1, 1.5, 1, 3).draw(SHAPE));
    assertNull(new ResidentSteps(SPARK.sc(), 16, 2).run(new WholeSteps.Problem(net, null, null, h, CONVERGED, h,
        CONVERGED), new double[SHAPE.width() * 2], new int[2]));
  }
}
