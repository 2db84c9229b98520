package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerbraid.LocalSpark;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.engine.ResidentSteps;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.report.Progress;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;

/**
 * Layer-parallel epochs with the weights resident in the tasks ({@link ResidentEpochs}) take the
 * steps the same training takes one whole step at a time, with each elementwise optimiser, in one
 * Spark job an epoch: bit for bit where every coarse mean's layers sit in one task, to rounding where
 * a mean spans two (3 blocks), and with a last block that owns the classifier alone; and they stand
 * aside where they cannot take the same steps.
 */
class ResidentEpochsTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[4]");

  private static final NetworkShape SHAPE = new NetworkShape(2, 4, 16, 5, 1.0, Activation.SMOOTHRELU, BiasMode.CHANNEL);
  /** cfactor 2, coarsest level of at least 4 intervals: depth 16 has 3 levels (17, 9 and 5 points). */
  private static final MgritOptions OPTIONS = new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 4, 0, 0, 1, true, false);
  private static final Regularization REG = new Regularization(1e-4, 1e-3, 1e-4, false);
  private static final Examples DATA = Peaks.sample(8, 3); // 40 examples: 4 steps of 10 an epoch
  private static final int EPOCHS = 3;

  private static TrainingSettings settings(Optimizer.Kind kind) {
    return new TrainingSettings(EPOCHS, 10, Optimizer.Settings.defaults(kind), REG, 1.0, false, 2, 100, 1,
        TrainingSettings.Gradients.DRIVER);
  }

  private static MgritPropagation propagation(int blocks) {
    return MgritPropagation.oneShot(OPTIONS, 2, 1, false, CoarseWeights.MEAN, InJvmEngine.factory(blocks))
        .withWholeSteps(new ResidentSteps(SPARK.sc(), blocks, 1));
  }

  private static TrainingResult train(BatchSource source, NetworkShape shape, int blocks, Optimizer.Kind kind,
      AtomicInteger jobs) {
    return SparkJobs.counted(SPARK.sc(), jobs, () -> new Trainer(source, null, propagation(blocks),
        Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream())))
        .train(shape, new Initialization(1, 1, 1, 7).draw(shape), settings(kind), 0, 0));
  }

  /**
   * Depth 16 in 2 or 4 blocks cuts at multiples of every coarse level's stride, so each mean is one
   * task's; in 3 blocks (cuts at layers 6 and 12) the mean of layers 4 … 7 is two tasks'. Depth 4 in 3
   * blocks leaves the last one the classifier alone.
   */
  @ParameterizedTest(name = "depth {0}, {1} layer blocks, {2}")
  @CsvSource({"16, 1, ADAM, true", "16, 2, ADAM, true", "16, 4, ADAM, true", "16, 4, SGD, true", "16, 3, ADAM, false",
      "4, 3, ADAM, true"})
  void residentEpochsTakeTheStepsOfWholeStepsOneAtATime(int depth, int blocks, Optimizer.Kind kind, boolean exact) {
    NetworkShape shape = SHAPE.withDepth(depth, SHAPE.finalTime());
    JoinedBatchSource source = new JoinedBatchSource(List.of(DATA));
    AtomicInteger epochJobs = new AtomicInteger(), stepJobs = new AtomicInteger();
    TrainingResult resident = train(source, shape, blocks, kind, epochJobs);
    TrainingResult steps = train(source.stepByStep(), shape, blocks, kind, stepJobs);
    assertEquals(EPOCHS * 4, resident.steps());
    if (exact) {
      assertArrayEquals(steps.theta(), resident.theta(), 0.0, "every mean from one task: bit for bit");
    } else {
      double diff = TestData.relDiff(steps.theta(), resident.theta());
      assertTrue(diff <= 1e-12, "a mean across tasks is summed in another grouping: " + diff);
    }
    for (int e = 0; e < EPOCHS; e++) {
      assertEquals(steps.history().get(e).trainLoss(), resident.history().get(e).trainLoss(), 1e-12, "epoch " + (e + 1));
      assertEquals(steps.history().get(e).trainAccuracy(), resident.history().get(e).trainAccuracy(), 0.0);
      assertEquals(steps.history().get(e).mgritForwardIterations(), resident.history().get(e).mgritForwardIterations(), 0.0);
    }
    assertEquals(EPOCHS, epochJobs.get(), "one job an epoch");
    assertEquals(EPOCHS * 4, stepJobs.get(), "one job a step");
    assertTrue(resident.history().get(EPOCHS - 1).trainLoss() < resident.history().get(0).trainLoss(), "it trains");
  }

  @Test
  void lbfgsFullBatchAndManyDataShardsGoStepByStep() {
    JoinedBatchSource source = new JoinedBatchSource(List.of(DATA));
    double[] theta = new Initialization(1, 1, 1, 7).draw(SHAPE);
    MinibatchPlan plan = MinibatchPlan.of(1, 10, DATA.size());
    Optimizer.Settings adam = Optimizer.Settings.defaults(Optimizer.Kind.ADAM);
    Optimizer.State fresh = adam.create().state();
    assertNotNull(source.wholeEpoch(theta, adam, fresh, SHAPE, REG, propagation(2), plan, 1));
    Optimizer.Settings lbfgs = Optimizer.Settings.defaults(Optimizer.Kind.LBFGS);
    assertNull(source.wholeEpoch(theta, lbfgs, lbfgs.create().state(), SHAPE, REG, propagation(2), plan, 1));
    assertNull(source.wholeEpoch(theta, adam, fresh, SHAPE, REG, propagation(2), MinibatchPlan.of(1, 0, DATA.size()), 1));
    MgritPropagation sharded = MgritPropagation.oneShot(OPTIONS, 2, 1, false, CoarseWeights.MEAN, InJvmEngine.factory(2))
        .withWholeSteps(new ResidentSteps(SPARK.sc(), 2, 2));
    assertNull(source.wholeEpoch(theta, adam, fresh, SHAPE, REG, sharded, plan, 1));
  }
}
