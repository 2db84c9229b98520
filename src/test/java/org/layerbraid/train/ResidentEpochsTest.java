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
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
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
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.report.Progress;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;

/**
 * Layer-parallel epochs with the weights resident in the tasks ({@link ResidentEpochs}) take the
 * steps the same training takes one whole step at a time, with each elementwise optimiser, for 1,
 * 2 and 4 layer blocks (down to the levels where coarse blocks merge across tasks), in one Spark
 * job an epoch; and they stand aside where they cannot take the same steps.
 */
class ResidentEpochsTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[4]");

  private static final NetworkShape SHAPE = new NetworkShape(2, 4, 16, 5, 1.0, Activation.SMOOTHRELU, BiasMode.CHANNEL);
  /** cfactor 2 down to 4 levels: with 4 blocks the coarsest levels have fewer C-points than tasks. */
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

  /** The same examples, no epoch run whole: every step a whole step of its own. */
  private static BatchSource stepByStep(JoinedBatchSource source) {
    return new BatchSource() {
      @Override
      public long size() { return source.size(); }

      @Override
      public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
          int epoch, int batch, boolean withGradient) {
        return source.sum(theta, shape, propagation, plan, epoch, batch, withGradient);
      }
    };
  }

  private static TrainingResult train(BatchSource source, int blocks, Optimizer.Kind kind, AtomicInteger jobs) {
    SparkListener count = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) { jobs.incrementAndGet(); }
    };
    SPARK.sc().sc().addSparkListener(count);
    try {
      Progress quiet = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
      TrainingResult r = new Trainer(source, null, propagation(blocks), quiet)
          .train(SHAPE, new Initialization(1, 1, 1, 7).draw(SHAPE), settings(kind), 0, 0);
      SPARK.sc().sc().listenerBus().waitUntilEmpty();
      return r;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      SPARK.sc().sc().removeSparkListener(count);
    }
  }

  @ParameterizedTest(name = "{0} layer blocks, {1}")
  @CsvSource({"1, ADAM", "2, ADAM", "4, ADAM", "4, SGD"})
  void residentEpochsTakeTheStepsOfWholeStepsOneAtATime(int blocks, Optimizer.Kind kind) {
    JoinedBatchSource source = new JoinedBatchSource(List.of(DATA));
    AtomicInteger epochJobs = new AtomicInteger(), stepJobs = new AtomicInteger();
    TrainingResult resident = train(source, blocks, kind, epochJobs);
    TrainingResult steps = train(stepByStep(source), blocks, kind, stepJobs);
    assertEquals(EPOCHS * 4, resident.steps());
    if (blocks == 1) {
      assertArrayEquals(steps.theta(), resident.theta(), 0.0, "one block: every mean from one task, bit for bit");
    } else {
      assertTrue(TestData.relDiff(steps.theta(), resident.theta()) <= 1e-12,
          "means across tasks are grouped otherwise: " + TestData.relDiff(steps.theta(), resident.theta()));
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
