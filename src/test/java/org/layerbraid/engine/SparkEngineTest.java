package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.layerbraid.LocalSpark;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerbraid.resnet.ResNetForwardStepper;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.report.Progress;
import org.layerbraid.train.LocalBatchSource;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.Trainer;
import org.layerbraid.train.TrainingResult;
import org.layerbraid.train.TrainingSettings;

/**
 * The Spark engine gives the in-JVM engine's numbers on ResNet solves across layer partitions and
 * data shards, and keeps its memory bounded; the engine contract itself is {@link SparkEngineContractTest}.
 */
class SparkEngineTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[2]");



  /** Engines of a Spark kind for a layout and state width. */
  interface Engines {
    EngineFactory<double[]> of(int layerPartitions, int dataShards, int width);
  }

  private static Engines stageEngines() {
    return (partitions, shards, width) -> SparkEngines.factory(SPARK.sc(), partitions, shards, width, 10);
  }

  @ParameterizedTest(name = "training: layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "2, 1", "4, 1", "8, 1", "1, 2", "2, 2", "4, 2", "8, 2"})
  void shortOneShotTrainingRunEqualsTheInJvmEngine(int layerPartitions, int dataShards) {
    assertShortTrainingEqualsTheInJvmEngine(stageEngines(), layerPartitions, dataShards);
  }

  /** Three epochs of one-shot training on the given engines and on the in-JVM engine end at the same weights. */
  static void assertShortTrainingEqualsTheInJvmEngine(Engines engines, int layerPartitions, int dataShards) {
    assertShortTrainingEqualsTheInJvmEngine(engines.of(layerPartitions, dataShards, SHORT_RUN.width()), layerPartitions, 0,
        p -> p);
  }

  static final NetworkShape SHORT_RUN = new NetworkShape(2, 4, 16, 5, 1.0, Activation.SMOOTHRELU, BiasMode.SCALAR);

  /**
   * The same with the given batch size (0: full batch, warm-started as training does; else cold
   * starts), the propagation on {@code engines} made into {@code propagation}'s.
   */
  static void assertShortTrainingEqualsTheInJvmEngine(EngineFactory<double[]> engines, int layerPartitions, int batchSize,
      java.util.function.UnaryOperator<MgritPropagation> propagation) {
    double[] theta0 = new Initialization(1, 1, 1, 7).draw(SHORT_RUN);
    Examples train = org.layerbraid.data.Peaks.sample(8, 3);
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 2, 0, 0, 1, true, false);
    TrainingSettings s = new TrainingSettings(3, batchSize, Optimizer.Settings.defaults(Optimizer.Kind.ADAM),
        new Regularization(1e-7, 1e-5, 1e-7, false), 1.0, false, 2, 100, 1, TrainingSettings.Gradients.DRIVER);
    boolean warm = batchSize == 0;
    TrainingResult expected = train(SHORT_RUN, theta0, train, s,
        MgritPropagation.oneShot(o, 2, 1, warm, CoarseWeights.MEAN, InJvmEngine.factory(layerPartitions)));
    TrainingResult actual = train(SHORT_RUN, theta0, train, s,
        propagation.apply(MgritPropagation.oneShot(o, 2, 1, warm, CoarseWeights.MEAN, engines)));
    assertTrue(TestData.relDiff(expected.theta(), actual.theta()) <= 1e-12, "trained parameters");
    assertEquals(expected.history().get(2).trainLoss(), actual.history().get(2).trainLoss(), 1e-12);
  }

  private static TrainingResult train(NetworkShape shape, double[] theta0, Examples data, TrainingSettings s,
      MgritPropagation propagation) {
    Trainer t = new Trainer(new LocalBatchSource(List.of(data)), null, propagation, Progress.forMode("quiet", System.out));
    return t.train(shape, theta0, s, 0, 0);
  }

  @ParameterizedTest(name = "layer partitions {0}, data shards {1}")
  @CsvSource({"1, 1", "2, 1", "4, 1", "8, 1", "1, 2", "2, 2", "4, 2", "8, 2"})
  void forwardStatesAndGradientsEqualTheInJvmEngine(int layerPartitions, int dataShards) {
    assertStatesAndGradientsEqualTheInJvmEngine(stageEngines(), layerPartitions, dataShards);
  }

  /** A converged forward solve's states, and the loss and gradient of a batch, as the in-JVM engine gives them. */
  static void assertStatesAndGradientsEqualTheInJvmEngine(Engines engines, int layerPartitions, int dataShards) {
    NetworkShape shape = new NetworkShape(3, 4, 32, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    ResNet net = new ResNet(shape, new Initialization(1, 1.5, 1, 3).draw(shape));
    Examples batch = TestData.randomExamples(3, 3, 12, 5);
    MgritOptions o = new MgritOptions(10, new int[] {4}, new int[] {1}, 2, 0, 0, 2, true, false);
    MgritPropagation reference = MgritPropagation.converged(o, CoarseWeights.MEAN, InJvmEngine.factory(layerPartitions));
    MgritPropagation spark = MgritPropagation.converged(o, CoarseWeights.MEAN, engines.of(layerPartitions, dataShards, shape.width()));
    double[] u0 = net.open(batch.features(), batch.size());
    double[][] expected = reference.forward(net, u0, 0), actual = spark.forward(net, u0, 0);
    for (int n = 0; n <= shape.depth(); n++) {
      assertTrue(TestData.relDiff(expected[n], actual[n]) <= 1e-12, "state " + n);
    }
    GradientSum ge = BatchEvaluation.evaluate(net, reference, batch, true, 0);
    GradientSum ga = BatchEvaluation.evaluate(net, spark, batch, true, 0);
    assertEquals(ge.lossSum, ga.lossSum, 1e-12 * Math.abs(ge.lossSum));
    assertTrue(TestData.relDiff(ge.grad, ga.grad) <= 1e-12, "gradient");
  }

  /**
   * A long solve: the RDDs the engine keeps and the bytes they hold stay within what the first
   * iterations need, however many iterations run; closing the engine lets everything go.
   */
  @Test
  void persistedRddsAndStoredBytesStayBoundedOverALongSolve() {
    ResNet net = tinyNet();
    NetworkShape shape = net.shape();
    List<double[]> guess = coldStart(net);
    int iterations = 10;
    MgritOptions o = new MgritOptions(3, new int[] {2}, new int[] {1}, 2, 0, 0, iterations, true, false);
    Hierarchy h = new Hierarchy(shape.depth(), 0, shape.finalTime(), o);
    int persistedBefore = SPARK.sc().getPersistentRDDs().size();
    long[] rdds = new long[iterations], bytes = new long[iterations];
    try (SparkEngine spark = new SparkEngine(SPARK.sc(), h, new ResNetForwardStepper(net, CoarseWeights.MEAN), 2, new ColumnShards(shape.width(), 2), 7)) {
      spark.initialize(guess, null);
      // Sampled before every operation of the cycle; the largest figure of each iteration is kept.
      Engine<double[]> sampled = new Sampled(spark, iteration -> {
        rdds[iteration] = Math.max(rdds[iteration], SPARK.sc().getPersistentRDDs().size());
        bytes[iteration] = Math.max(bytes[iteration], storedBytes());
      });
      assertEquals(iterations, new Mgrit<double[]>(h, o).solve(sampled).iterations());
    }
    assertEquals(persistedBefore, SPARK.sc().getPersistentRDDs().size(), "RDDs left persisted after close");
    long firstRdds = 0, firstBytes = 0, laterRdds = 0, laterBytes = 0;
    for (int k = 1; k < 4; k++) {
      firstRdds = Math.max(firstRdds, rdds[k]);
      firstBytes = Math.max(firstBytes, bytes[k]);
    }
    for (int k = 4; k < iterations; k++) {
      laterRdds = Math.max(laterRdds, rdds[k]);
      laterBytes = Math.max(laterBytes, bytes[k]);
    }
    assertTrue(firstBytes > 0, "nothing stored?");
    assertTrue(laterRdds <= firstRdds, "persisted RDDs grew: " + Arrays.toString(rdds));
    assertTrue(laterBytes <= firstBytes, "stored bytes grew: " + Arrays.toString(bytes));
  }

  /**
   * An executor lost mid-solve, as Spark sees it: every block the engine stored (cached levels and
   * local checkpoints, whose lineage is cut) is gone from the block managers, and the blocks made on
   * the driver are released. The next job that needs them fails, the engine replays the solve from
   * its start, and the solve ends with the undisturbed solve's states, bit for bit.
   */
  @Test
  void aSolveWhoseStoredBlocksAreLostMidwayIsReplayedToTheSameStates() {
    ResNet net = tinyNet();
    NetworkShape shape = net.shape();
    List<double[]> guess = coldStart(net);
    MgritOptions o = new MgritOptions(3, new int[] {2}, new int[] {1}, 2, 0, 0, 4, true, false);
    Hierarchy h = new Hierarchy(shape.depth(), 0, shape.finalTime(), o);
    List<double[]> undisturbed;
    try (SparkEngine spark = new SparkEngine(SPARK.sc(), h, new ResNetForwardStepper(net, CoarseWeights.MEAN), 2,
        new ColumnShards(shape.width(), 2), 2)) {
      spark.initialize(guess, null);
      new Mgrit<double[]>(h, o).solve(spark);
      undisturbed = spark.states(0);
      assertEquals(0, spark.replays());
    }
    try (SparkEngine spark = new SparkEngine(SPARK.sc(), h, new ResNetForwardStepper(net, CoarseWeights.MEAN), 2,
        new ColumnShards(shape.width(), 2), 2)) {
      spark.initialize(guess, null);
      // In iteration 3, after the levels' lineage has been cut by local checkpoints more than once.
      boolean[] lost = {false};
      Engine<double[]> losing = new Sampled(spark, iteration -> {
        if (iteration == 3 && !lost[0]) {
          lost[0] = true;
          for (org.apache.spark.api.java.JavaRDD<?> r : SPARK.sc().getPersistentRDDs().values()) r.unpersist(true);
        }
      });
      new Mgrit<double[]>(h, o).solve(losing);
      List<double[]> replayed = spark.states(0);
      assertTrue(lost[0], "the loss was never injected");
      assertEquals(1, spark.replays(), "the lost blocks should have forced one replay");
      assertEquals(undisturbed.size(), replayed.size());
      for (int i = 0; i < undisturbed.size(); i++) assertArrayEquals(undisturbed.get(i), replayed.get(i), 0.0, "state " + i);
    }
  }

  /** 32 tanh layers of width 4 with random weights: a chain whose solves take a few seconds on Spark. */
  private static ResNet tinyNet() {
    NetworkShape shape = new NetworkShape(4, 4, 32, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    return new ResNet(shape, new Initialization(1, 1, 1, 11).draw(shape));
  }

  /** u_0 of 16 random examples at every time point. */
  private static List<double[]> coldStart(ResNet net) {
    double[] u0 = net.open(TestData.randomExamples(4, 3, 16, 12).features(), 16);
    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= net.shape().depth(); i++) guess.add(u0);
    return guess;
  }

  /**
   * Bytes of all cached RDD blocks, in memory and on disk, as Spark's storage status reports them
   * (not the block managers' total, which also holds the task binaries Spark broadcasts per stage
   * until garbage collection lets its cleaner remove them).
   */
  private static long storedBytes() {
    long bytes = 0;
    for (RDDInfo r : SPARK.sc().sc().getRDDStorageInfo()) bytes += r.memSize() + r.diskSize();
    return bytes;
  }

  /** Passes every call on, first telling the sampler which iteration the next operation belongs to. */
  private record Sampled(Engine<double[]> e, IntConsumer sampler) implements Engine<double[]> {
    static final Pattern ITERATION = Pattern.compile("iteration (\\d+)");

    @Override public void describe(String phase) {
      Matcher m = ITERATION.matcher(phase);
      if (m.find()) sampler.accept(Integer.parseInt(m.group(1)));
      e.describe(phase);
    }
    @Override public void initialize(List<double[]> s, List<double[]> a) { e.initialize(s, a); }
    @Override public void sweep(int l, Sweep<double[]> k) { e.sweep(l, k); }
    @Override public double measure(int l, Sweep<double[]> k) { return e.measure(l, k); }
    @Override public double[] sumVectors(int l, BlockVector<double[]> f) { return e.sumVectors(l, f); }
    @Override public void exchange(int l) { e.exchange(l); }
    @Override public void inject(int l, boolean r) { e.inject(l, r); }
    @Override public void correct(int l) { e.correct(l); }
    @Override public void solveInOrder(int l) { e.solveInOrder(l); }
    @Override public List<double[]> states(int l) { return e.states(l); }
    @Override public long steps() { return e.steps(); }
  }
}
