package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layerbraid.LocalSpark;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.Trajectory;
import org.layerbraid.report.Progress;

/**
 * A whole epoch in one barrier stage ({@link SparkBatchSource#wholeEpoch}) takes the steps a job per
 * minibatch takes, bit for bit, with each optimiser; one Spark job per epoch instead of one per
 * step; and the same again when Spark reruns its stage after a task failure.
 */
class WholeEpochTest {
  /** 3 partitions on 4 slots; up to 3 attempts per task, so a failed stage can be rerun. */
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[4,3]");

  private static final int PARTITIONS = 3;
  private static final NetworkShape SHAPE =
      new NetworkShape(Peaks.DIM, 8, 6, Peaks.CLASSES, 1.0, Activation.SMOOTHRELU, BiasMode.CHANNEL);
  private static final Regularization REG = new Regularization(1e-4, 1e-3, 1e-4, false);
  private static final int EPOCHS = 4, BATCH = 100; // 1000 examples: 10 steps an epoch

  private static JavaRDD<Examples> blocks() {
    return Blocks.parallelize(SPARK.sc(), Peaks.sample(200, 3), PARTITIONS).cache();
  }

  private static TrainingSettings settings(Optimizer.Kind kind) {
    Optimizer.Settings o = Optimizer.Settings.defaults(kind);
    return new TrainingSettings(EPOCHS, BATCH, o, REG, 0.9, false, 2, 1, 23, TrainingSettings.Gradients.SPARK);
  }

  /** Trains, counting the Spark jobs the run starts. */
  private static TrainingResult train(BatchSource source, LayerPropagation propagation, Optimizer.Kind kind,
      AtomicInteger jobs) {
    return SparkJobs.counted(SPARK.sc(), jobs, () -> new Trainer(source, Peaks.sample(20, Peaks.validationSeed(3)),
        propagation, Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream())))
        .train(SHAPE, new Initialization(1, 1, 1, 9).draw(SHAPE), settings(kind), 0, 0));
  }

  @ParameterizedTest
  @EnumSource(value = Optimizer.Kind.class, names = {"ADAM", "SGD"})
  void wholeEpochsTakeTheStepsOfAJobPerStepBitForBit(Optimizer.Kind kind) {
    SparkBatchSource source = new SparkBatchSource(blocks(), 1000);
    AtomicInteger wholeJobs = new AtomicInteger(), stepJobs = new AtomicInteger();
    TrainingResult whole = train(source, new SerialPropagation(), kind, wholeJobs);
    TrainingResult steps = train(source.stepByStep(), new SerialPropagation(), kind, stepJobs);
    assertEquals(EPOCHS * 10, whole.steps());
    assertArrayEquals(steps.theta(), whole.theta(), 0.0);
    for (int e = 0; e < EPOCHS; e++) {
      assertEquals(steps.history().get(e).trainLoss(), whole.history().get(e).trainLoss(), 0.0, "epoch " + (e + 1));
      assertEquals(steps.history().get(e).trainAccuracy(), whole.history().get(e).trainAccuracy(), 0.0);
    }
    assertEquals(EPOCHS, wholeJobs.get(), "one job an epoch");
    assertEquals(EPOCHS * 10, stepJobs.get(), "one job a step");
    assertTrue(whole.history().get(EPOCHS - 1).trainLoss() < whole.history().get(0).trainLoss(), "it trains");
  }

  /** Serial propagation that fails once, in task 1's first attempt of its first barrier stage. */
  private record FailsOnce(SerialPropagation inner) implements LayerPropagation {
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Override
    public double[][] forward(ResNet net, double[] u0, int shard) { return inner.forward(net, u0, shard); }

    @Override
    public Trajectory trajectory(ResNet net, double[] u0, int shard) {
      TaskContext t = TaskContext.get();
      if (t != null && t.partitionId() == 1 && t.stageAttemptNumber() == 0 && INJECTED.get() == 0) {
        INJECTED.incrementAndGet();
        throw new IllegalStateException("injected failure of task 1's first attempt");
      }
      return inner.trajectory(net, u0, shard);
    }

    @Override
    public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
      return inner.backward(net, forward, lambdaN, grad, shard);
    }
  }

  @Test
  void aTaskThatFailsIsRerunWithTheSameSteps() {
    SparkBatchSource source = new SparkBatchSource(blocks(), 1000);
    TrainingResult expected = train(source, new SerialPropagation(), Optimizer.Kind.ADAM, new AtomicInteger());
    TrainingResult actual = train(source, new FailsOnce(new SerialPropagation()), Optimizer.Kind.ADAM,
        new AtomicInteger());
    assertEquals(1, FailsOnce.INJECTED.get());
    assertArrayEquals(expected.theta(), actual.theta(), 0.0);
  }
}
