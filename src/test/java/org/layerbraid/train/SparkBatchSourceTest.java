package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.TestData;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.Trajectory;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/**
 * Data-parallel sums on Spark give the numbers of the in-JVM reference: the same blocks, one per
 * partition, summed by {@link SparkBatchSource} and by {@link LocalBatchSource}, and, as a check on
 * both, evaluated as one single batch.
 */
class SparkBatchSourceTest {
  private static final int PARTITIONS = 3; // 1000 examples: blocks of 334, 333, 333; 3 so that summation order could matter
  private static final NetworkShape SHAPE =
      new NetworkShape(Peaks.DIM, 8, 6, Peaks.CLASSES, 1.0, Activation.SMOOTHRELU, BiasMode.CHANNEL);
  private static final Regularization REG = new Regularization(1e-4, 1e-3, 1e-4, false);

  private static JavaSparkContext sc;
  private static Examples all;
  private static List<Examples> blocks;
  private static JavaRDD<Examples> rdd;
  private static double[] theta;

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkBatchSourceTest")
        .set("spark.ui.enabled", "false"));
    sc.setLogLevel("WARN");
    all = Peaks.sample(200, 3);
    blocks = Blocks.split(all, PARTITIONS);
    rdd = Blocks.parallelize(sc, all, PARTITIONS).cache();
    theta = new Initialization(1, 1, 1, 9).draw(SHAPE);
    // Non-zero biases too, so that their gradients are exercised.
    for (int i = SHAPE.layerBias(0); i < SHAPE.layerBias(0) + SHAPE.biasLength(); i++) theta[i] = 0.05 * (i % 3 - 1);
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  private static void assertSameSums(GradientSum expected, GradientSum actual, String what) {
    assertEquals(expected.count, actual.count, what + ": count");
    assertEquals(expected.correct, actual.correct, what + ": correct");
    assertEquals(expected.lossSum, actual.lossSum, 1e-12 * Math.abs(expected.lossSum), what + ": loss");
    assertTrue(TestData.relDiff(expected.grad, actual.grad) <= 1e-12,
        what + ": gradient relative error " + TestData.relDiff(expected.grad, actual.grad));
  }

  /** The independent check: the batch's examples from every block, concatenated and evaluated at once. */
  private static GradientSum asOneBatch(MinibatchPlan plan, int epoch, int batch) {
    List<Examples> parts = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) parts.add(plan.select(blocks.get(b), b, epoch, batch));
    return BatchEvaluation.evaluate(new ResNet(SHAPE, theta), new SerialPropagation(), Blocks.concat(parts), true, 0);
  }

  @Test
  void partitionsHoldTheBlocks() {
    assertEquals(PARTITIONS, rdd.getNumPartitions());
    assertEquals(1000, new SparkBatchSource(rdd).size()); // counted by a Spark job
    assertEquals(1000, new LocalBatchSource(blocks).size());
  }

  @Test
  void fullBatchSumsAgree() {
    MinibatchPlan plan = MinibatchPlan.of(1, 0, 1000);
    GradientSum local = new LocalBatchSource(blocks).sum(theta, SHAPE, new SerialPropagation(), plan, 1, 0, true);
    GradientSum spark = new SparkBatchSource(rdd, 1000).sum(theta, SHAPE, new SerialPropagation(), plan, 1, 0, true);
    assertEquals(1000, local.count);
    assertSameSums(asOneBatch(plan, 1, 0), local, "local vs one batch");
    assertSameSums(local, spark, "spark vs local");
    GradientSum lossOnly = new SparkBatchSource(rdd, 1000).sum(theta, SHAPE, new SerialPropagation(), plan, 1, 0, false);
    assertNull(lossOnly.grad);
    assertEquals(local.lossSum, lossOnly.lossSum, 1e-12 * Math.abs(local.lossSum));
  }

  /**
   * Serial propagation lets the driver evaluate the blocks concurrently; a propagation that does not
   * is called one block after another. Both sum in block order, as Spark does: the same bits.
   */
  @Test
  void driverSumsAreSparkSumsBitForBitConcurrentOrNot() {
    MinibatchPlan plan = MinibatchPlan.of(1, 0, 1000);
    SerialPropagation serial = new SerialPropagation();
    AtomicInteger inFlight = new AtomicInteger(), mostInFlight = new AtomicInteger();
    LayerPropagation oneAtATime = new LayerPropagation() {
      @Override
      public double[][] forward(ResNet net, double[] u0, int shard) {
        return trajectory(net, u0, shard).states();
      }

      @Override
      public Trajectory trajectory(ResNet net, double[] u0, int shard) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          return serial.trajectory(net, u0, shard);
        } finally {
          inFlight.decrementAndGet();
        }
      }

      @Override
      public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
        return serial.backward(net, forward, lambdaN, grad, shard);
      }
    };
    assertTrue(serial.concurrent());
    assertFalse(oneAtATime.concurrent());
    GradientSum spark = new SparkBatchSource(rdd, 1000).sum(theta, SHAPE, serial, plan, 1, 0, true);
    for (LayerPropagation p : List.of(serial, oneAtATime)) {
      GradientSum local = new LocalBatchSource(blocks).sum(theta, SHAPE, p, plan, 1, 0, true);
      assertEquals(spark.lossSum, local.lossSum, 0.0);
      assertEquals(spark.correct, local.correct);
      assertArrayEquals(spark.grad, local.grad, 0.0);
    }
    assertEquals(1, mostInFlight.get(), "a propagation that is not concurrent was called from several threads at once");
  }

  @Test
  void minibatchSumsAgree() {
    MinibatchPlan plan = MinibatchPlan.of(17, 500, 1000);
    assertEquals(2, plan.batchesPerEpoch());
    LocalBatchSource local = new LocalBatchSource(blocks);
    SparkBatchSource spark = new SparkBatchSource(rdd, 1000);
    long total = 0;
    int epoch = 2;
    for (int b = 0; b < 2; b++) {
      GradientSum l = local.sum(theta, SHAPE, new SerialPropagation(), plan, epoch, b, true);
      GradientSum s = spark.sum(theta, SHAPE, new SerialPropagation(), plan, epoch, b, true);
      String what = "epoch " + epoch + " batch " + b;
      assertSameSums(asOneBatch(plan, epoch, b), l, what + " local vs one batch");
      assertSameSums(l, s, what + " spark vs local");
      assertTrue(s.count >= 499 && s.count <= 501, "batch of " + s.count);
      total += s.count;
    }
    assertEquals(1000, total); // every example once in the epoch
  }

  @Test
  void objectivesAgreeAndAddTheRegularisers() {
    MinibatchPlan plan = MinibatchPlan.of(17, 500, 1000);
    Objective.Evaluation l = new LocalBatchSource(blocks).objective(SHAPE, REG, new SerialPropagation(), plan, 2, 1)
        .evaluate(theta, true);
    Objective.Evaluation s = new SparkBatchSource(rdd, 1000).objective(SHAPE, REG, new SerialPropagation(), plan, 2, 1)
        .evaluate(theta, true);
    assertEquals(l.value(), s.value(), 1e-12 * Math.abs(l.value()));
    assertEquals(l.count(), s.count());
    assertEquals(l.accuracy(), s.accuracy());
    assertTrue(TestData.relDiff(l.gradient(), s.gradient()) <= 1e-12);
    // J = mean loss + regularisers, the gradient likewise: rebuild both from the one-batch sums.
    GradientSum one = asOneBatch(plan, 2, 1);
    double[] grad = one.grad.clone();
    for (int i = 0; i < grad.length; i++) grad[i] /= one.count;
    double value = one.meanLoss() + REG.addValueAndGradient(SHAPE, theta, grad);
    assertEquals(value, s.value(), 1e-12 * Math.abs(value));
    assertTrue(TestData.relDiff(grad, s.gradient()) <= 1e-12);
    assertTrue(REG.addValueAndGradient(SHAPE, theta, null) > 1e-6 * value, "regularisers too small to be seen");
  }

  private static TrainingSettings adam(int batchSize) {
    Optimizer.Settings adam = new Optimizer.Settings(Optimizer.Kind.ADAM, 0.02, 0.9, 0.9, 0.999, 1e-8, 10, 20);
    return new TrainingSettings(5, batchSize, adam, REG, 0.9, false, 2, 1, 23, TrainingSettings.Gradients.SPARK);
  }

  private static TrainingResult train(BatchSource source) {
    Progress quiet = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
    Examples validation = Peaks.sample(20, Peaks.validationSeed(3));
    return new Trainer(source, validation, new SerialPropagation(), quiet).train(SHAPE, theta, adam(500), 0, 0);
  }

  private static TrainingResult sparkRun;

  /** One Spark training run, shared by the two tests that need it (each step is a Spark job). */
  private static synchronized TrainingResult sparkRun() {
    if (sparkRun == null) sparkRun = train(new SparkBatchSource(rdd, 1000));
    return sparkRun;
  }

  @Test
  void trainingOnSparkFollowsTrainingInTheJvm() {
    TrainingResult local = train(new LocalBatchSource(blocks));
    TrainingResult spark = sparkRun();
    assertEquals(10, spark.steps()); // 5 epochs × 2 batches of 500
    assertEquals(5, spark.history().size());
    assertTrue(TestData.relDiff(local.theta(), spark.theta()) <= 1e-12,
        "parameters differ by " + TestData.relDiff(local.theta(), spark.theta()));
    for (int e = 0; e < 5; e++) {
      EpochRecord l = local.history().get(e), s = spark.history().get(e);
      assertEquals(l.trainLoss(), s.trainLoss(), 1e-12 * l.trainLoss());
      assertEquals(l.trainAccuracy(), s.trainAccuracy(), 1e-12);
      assertEquals(l.validationAccuracy(), s.validationAccuracy(), 1e-12);
    }
    // It did train: the parameters moved and the loss went down.
    assertTrue(TestData.relDiff(theta, spark.theta()) > 1e-2);
    assertTrue(spark.history().get(4).trainLoss() < spark.history().get(0).trainLoss());
  }

  @Test
  void theSameSeedAndPartitioningGiveIdenticalRuns() {
    TrainingResult first = sparkRun();
    TrainingResult second = train(new SparkBatchSource(Blocks.parallelize(sc, all, PARTITIONS), 1000));
    assertArrayEquals(first.theta(), second.theta(), 0);
    for (int e = 0; e < 5; e++) {
      assertEquals(first.history().get(e).trainLoss(), second.history().get(e).trainLoss(), 0);
    }
  }

  @Test
  void aBatchSmallerThanThePartitionCountIsRefused() {
    // Each batch takes about batchSize/partitions examples from every partition: with fewer than one,
    // batches would come out empty and training would stop half-way through the first epoch.
    LoadedData data = new LoadedData(rdd, 1000, Peaks.sample(20, 4), Optional.empty(), Peaks.DIM, Peaks.CLASSES, "test");
    ModelSpec model = new ModelSpec(8, 6, 1.0, Activation.SMOOTHRELU, BiasMode.CHANNEL, 1, 1, 1);
    Progress quiet = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Training.fit(data, model, PropagationSpec.serial(), adam(2), quiet));
    assertTrue(e.getMessage().contains("batch size 2 is smaller than the 3 partitions"), e.getMessage());
    // A nested-iteration level's own batch size is checked too, before anything trains.
    NestedSettings nested = NestedSettings.of(2, 2, org.layerbraid.model.DepthRefinement.LINEAR).withBatchSize(0, 2);
    e = assertThrows(IllegalArgumentException.class,
        () -> Training.fitNested(data, model, PropagationSpec.serial(), adam(0), nested, quiet));
    assertTrue(e.getMessage().contains("batch size 2 (level 1) is smaller than the 3 partitions"), e.getMessage());
  }
}
