package org.layerbraid.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.report.EpochRecord;

/**
 * The nested-iteration, MGRIT engine and stall params of the Spark ML API: validation, a nested
 * fit, the Spark engine against the in-JVM one, and persistence, on 100 Peaks points.
 */
class LayerBraidClassifierNestedTest {
  /** The params this class is about, by name; an old saved model lacks them. */
  private static final Set<String> NEW_PARAMS = Set.of("gradients", "mgritCoarseWeights", "mgritEngine", "mgritDataShards", "mgritOnStall",
      "mgritStallWindow", "mgritStallTolerance", "mgritStallOn", "mgritStallCarry", "nestedLevels", "nestedFactor", "nestedInterpolation",
      "nestedMaxIter", "nestedStopAtTrainAccuracy", "nestedStepSize", "nestedSolver", "nestedBatchSize",
      "nestedRefineSteps",
      "nestedRefineCycleFactor");

  private static SparkSession spark;
  private static Dataset<Row> peaks;
  /** Nested iteration 2 -> 4 layers, 3 + 2 epochs: the one nested fit the tests share. */
  private static LayerBraidClassificationModel nested;

  @TempDir
  static Path tmp;

  static LayerBraidClassifier tiny() {
    return new LayerBraidClassifier().setWidth(4).setDepth(4).setInitOpen(3).setSolver("adam").setStepSize(0.05)
        .setMaxIter(3).setSeed(5).setValidationFraction(0.2);
  }

  @BeforeAll
  static void setUp() {
    spark = SparkSession.builder().master("local[2]").appName("LayerBraidClassifierNestedTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Examples e = Peaks.sample(20, 11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < e.size(); i++) {
      rows.add(RowFactory.create(Vectors.dense(e.feature(i, 0), e.feature(i, 1)), (double) e.label(i)));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
    peaks = spark.createDataFrame(rows, schema).repartition(2).cache();
    nested = tiny().setNestedLevels(2).setNestedMaxIter(new int[] {3, 2}).setNestedStepSize(new double[] {0.05, 0.02})
        .fit(peaks);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) spark.stop();
  }

  @Test
  void everyNewParamIsValidatedWhenSet() {
    LayerBraidClassifier c = new LayerBraidClassifier();
    assertMessage(() -> c.setMgritEngine("gpu"), "mgritEngine: unknown engine 'gpu'", "spark");
    assertMessage(() -> c.setGradients("gpu"), "gradients: unknown place for gradients 'gpu'", "[spark, driver]");
    assertMessage(() -> c.setMgritCoarseWeights("middle"), "mgritCoarseWeights: unknown coarse weights 'middle'", "mean");
    assertMessage(() -> c.setMgritDataShards(0), "mgritDataShards must be >= 1, got 0");
    assertMessage(() -> c.setMgritOnStall("panic"), "mgritOnStall: unknown stall action 'panic'", "more");
    assertMessage(() -> c.setMgritStallWindow(0), "mgritStallWindow must be >= 1, got 0");
    assertMessage(() -> c.setMgritStallTolerance(1), "mgritStallTolerance must be in [0, 1), got 1.0");
    assertMessage(() -> c.setMgritStallOn("test"), "mgritStallOn: unknown loss to watch 'test'", "validation");
    assertMessage(() -> c.setNestedLevels(0), "nestedLevels must be >= 1, got 0");
    assertMessage(() -> c.setNestedFactor(1), "nestedFactor must be >= 2, got 1");
    assertMessage(() -> c.setNestedInterpolation("cubic"), "nestedInterpolation: unknown interpolation 'cubic'", "linear");
    assertMessage(() -> c.setNestedMaxIter(new int[] {5, 0}), "nestedMaxIter entries must be >= 1, got [5, 0]");
    assertMessage(() -> c.setNestedStopAtTrainAccuracy(new double[] {0.9, 0}),
        "nestedStopAtTrainAccuracy entries must be > 0, got [0.9, 0.0]");
    assertMessage(() -> c.setNestedStepSize(new double[] {-0.1}), "nestedStepSize entries must be > 0, got [-0.1]");
    assertMessage(() -> c.setNestedSolver(new String[] {"adam", "rmsprop"}),
        "nestedSolver: unknown optimizer 'rmsprop'", "lbfgs");
    assertMessage(() -> c.setNestedSolver(null), "nestedSolver must not be null");
    assertMessage(() -> c.setNestedBatchSize(new int[] {1024, -1}), "nestedBatchSize entries must be >= 0, got [1024, -1]");
    assertMessage(() -> c.setNestedRefineSteps(-1), "nestedRefineSteps must be >= 0, got -1");
    assertMessage(() -> c.setNestedRefineCycleFactor(0), "nestedRefineCycleFactor must be >= 1, got 0");
    // Through a ParamMap, as ParamGridBuilder sets them.
    assertMessage(() -> c.copy(new ParamMap().put(c.nestedFactor(), 1)), "nestedFactor must be >= 2, got 1");
    assertEquals(2, c.getNestedFactor(), "a rejected value leaves the param alone");

    // Empty per-level lists are the default and mean the train.* value; one value or one per level is fine.
    assertEquals(0, c.getNestedMaxIter().length);
    c.setNestedLevels(3).setNestedMaxIter(new int[] {4}).setNestedSolver(new String[] {"lbfgs", "adam", "sgd"})
        .setNestedStopAtTrainAccuracy(new double[0]).validateParams();
  }

  @Test
  void rulesSpanningSeveralParamsFailAtValidationNamingTheParam() {
    assertMessage(() -> tiny().setNestedLevels(2).setNestedMaxIter(new int[] {1, 2, 3}).validateParams(),
        "param nestedMaxIter", "one value or one per level (2 levels");
    assertMessage(() -> tiny().setNestedLevels(2).setNestedBatchSize(new int[] {0, 8, 4}).validateParams(),
        "param nestedBatchSize", "one value or one per level (2 levels");
    assertMessage(() -> tiny().setDepth(6).setNestedLevels(3).validateParams(), "param depth",
        "not divisible by nested.factor^(nested.levels-1) = 2^2 = 4");
    assertMessage(() -> tiny().setMgritOnStall("more").validateParams(), "param mgritOnStall",
        "needs propagation = mgrit with mgrit.mode = oneshot");
    assertMessage(() -> tiny().setNestedLevels(2).setNestedRefineSteps(3).validateParams(), "param nestedRefineSteps",
        "needs propagation = mgrit");
    // The same as fit's first step, before any Spark job.
    assertMessage(() -> tiny().setNestedLevels(2).setNestedStepSize(new double[] {0.1, 0.1, 0.1}).fit(peaks),
        "param nestedStepSize");
  }

  @Test
  void nestedLevelsTrainTheScheduleAndTheSummaryCoversEveryLevel() {
    assertEquals(4, nested.shape().depth(), "the final network has the requested depth");
    assertEquals(nested.getDepth(), nested.shape().depth());
    assertEquals(2, nested.getNestedLevels(), "the model carries the estimator's params");
    List<EpochRecord> h = nested.summary().history();
    assertEquals(List.of("0:2:1", "0:2:2", "0:2:3", "1:4:1", "1:4:2"),
        h.stream().map(r -> r.level() + ":" + r.depth() + ":" + r.epoch()).toList(), "level:depth:epoch");
    assertEquals(5, nested.summary().totalSteps(), "full batch: one step per epoch at every level");
    for (int i = 1; i < h.size(); i++) assertTrue(h.get(i).step() > h.get(i - 1).step(), "steps count on across levels");
    EpochRecord kept = nested.summary().keptRecord();
    assertEquals(1, kept.level(), "the kept parameters are the final level's");
    assertEquals(nested.summary().keptEpoch(), kept.epoch());
  }

  @Test
  void gradientsSummedInTheDriverAreThoseSummedOnSpark() {
    // Full-batch L-BFGS: every step is at least one Spark job with gradients on Spark, none in the driver.
    LayerBraidClassifier serial = tiny().setSolver("lbfgs").setMaxIter(6).setNumPartitions(3);
    SparkContext sc = spark.sparkContext();
    sc.addJobTag("on-spark");
    LayerBraidClassificationModel onSpark = serial.copy(new ParamMap()).fit(peaks);
    sc.removeJobTag("on-spark");
    sc.addJobTag("on-driver");
    LayerBraidClassificationModel onDriver = serial.copy(new ParamMap()).setGradients("driver").fit(peaks);
    sc.removeJobTag("on-driver");
    assertArrayEquals(onSpark.weights(), onDriver.weights(), 0.0, "the same sums in the same order");
    for (int e = 0; e < 6; e++) {
      EpochRecord a = onSpark.summary().history().get(e), b = onDriver.summary().history().get(e);
      assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "training loss of epoch " + (e + 1));
      assertEquals(a.validationAccuracy(), b.validationAccuracy(), 0.0, "validation accuracy of epoch " + (e + 1));
    }
    int sparkJobs = sc.statusTracker().getJobIdsForTag("on-spark").length;
    int driverJobs = sc.statusTracker().getJobIdsForTag("on-driver").length;
    assertTrue(sparkJobs >= driverJobs + 6, "Spark jobs: gradients on Spark " + sparkJobs + ", in the driver " + driverJobs);
  }

  @Test
  void sparkEngineGivesTheInJvmEnginesPredictions() throws Exception {
    LayerBraidClassifier mgrit = tiny().setPropagation("mgrit").setMgritMode("oneshot");
    // Jobs are counted by tag: the Spark engine sets job groups of its own.
    SparkContext sc = spark.sparkContext();
    sc.addJobTag("jvm-engine");
    LayerBraidClassificationModel jvm = mgrit.copy(new ParamMap()).setMgritEngine("jvm").fit(peaks);
    sc.removeJobTag("jvm-engine");
    sc.addJobTag("spark-engine");
    LayerBraidClassificationModel onSpark = mgrit.copy(new ParamMap()).setMgritEngine("spark").setMgritLayerPartitions(2)
        .fit(peaks);
    sc.removeJobTag("spark-engine");
    // The in-JVM engine's jobs only load the data; the Spark engine's run the MGRIT cycles too.
    int jvmJobs = sc.statusTracker().getJobIdsForTag("jvm-engine").length;
    int sparkJobs = sc.statusTracker().getJobIdsForTag("spark-engine").length;
    assertTrue(sparkJobs > 2 * jvmJobs, "Spark jobs: in-JVM engine " + jvmJobs + ", Spark engine " + sparkJobs);
    assertTrue(onSpark.summary().history().get(0).usedMgrit(), "MGRIT iterations recorded");
    assertEquals("spark", onSpark.getMgritEngine());
    List<Row> a = jvm.transform(peaks).select("probability").collectAsList();
    List<Row> b = onSpark.transform(peaks).select("probability").collectAsList();
    assertEquals(100, b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(((Vector) a.get(i).get(0)).toArray(), ((Vector) b.get(i).get(0)).toArray(), 1e-10, "row " + i);
    }

    // The engine settings round-trip with the model.
    String path = tmp.resolve("spark-engine").toString();
    onSpark.write().save(path);
    LayerBraidClassificationModel loaded = LayerBraidClassificationModel.load(path);
    assertEquals("spark", loaded.getMgritEngine());
    assertEquals(2, loaded.getMgritLayerPartitions());
  }

  @Test
  void savedModelsAndEstimatorsKeepTheNewParams() throws Exception {
    String path = tmp.resolve("nested").toString();
    nested.write().save(path);
    LayerBraidClassificationModel loaded = LayerBraidClassificationModel.load(path);
    assertEquals(2, loaded.getNestedLevels());
    assertArrayEquals(new int[] {3, 2}, loaded.getNestedMaxIter());
    assertArrayEquals(new double[] {0.05, 0.02}, loaded.getNestedStepSize(), 0.0);
    assertEquals(nested.summary().history(), loaded.summary().history(), "the levels' epochs are kept");
    assertEquals(1, loaded.summary().keptRecord().level());
    assertArrayEquals(nested.weights(), loaded.weights(), 0.0);

    // Every new param, set away from its default, round-trips with the estimator.
    LayerBraidClassifier est = tiny().setGradients("driver").setMgritCoarseWeights("first").setMgritEngine("spark").setMgritDataShards(3).setMgritOnStall("serial")
        .setMgritStallWindow(7).setMgritStallTolerance(0.05).setMgritStallOn("training").setMgritStallCarry(false)
        .setNestedLevels(3).setNestedFactor(3)
        .setNestedInterpolation("zero").setNestedMaxIter(new int[] {9, 8, 7}).setNestedStopAtTrainAccuracy(new double[] {0.8})
        .setNestedStepSize(new double[] {0.1, 0.05, 0.01}).setNestedSolver(new String[] {"lbfgs", "adam", "sgd"})
        .setNestedBatchSize(new int[] {1024, 256, 64}).setNestedRefineSteps(4).setNestedRefineCycleFactor(3);
    String estPath = tmp.resolve("estimator").toString();
    est.write().save(estPath);
    LayerBraidClassifier est2 = LayerBraidClassifier.load(estPath);
    for (String name : NEW_PARAMS) {
      Object before = est.getOrDefault(est.getParam(name)), after = est2.getOrDefault(est2.getParam(name));
      assertTrue(java.util.Objects.deepEquals(before, after), name);
      assertTrue(est2.isSet(est2.getParam(name)), name + " is set, not defaulted");
    }
  }

  @Test
  void aModelSavedBeforeTheseParamsExistedLoadsWithTheirDefaults() throws Exception {
    String path = tmp.resolve("old").toString();
    nested.write().save(path);
    withoutNewParams(Path.of(path, "metadata"));
    LayerBraidClassificationModel old = LayerBraidClassificationModel.load(path);
    LayerBraidClassifier defaults = new LayerBraidClassifier();
    for (String name : NEW_PARAMS) {
      assertTrue(java.util.Objects.deepEquals(defaults.getOrDefault(defaults.getParam(name)),
          old.getOrDefault(old.getParam(name))), name);
    }
    assertEquals(1, old.getNestedLevels());
    assertEquals(4, old.getDepth(), "the other params are read as saved");
    assertArrayEquals(nested.weights(), old.weights(), 0.0);
  }

  /**
   * Rewrites Spark's params metadata (JSON lines in part files) without the new params, as a model
   * saved by an earlier layerbraid has it; drops the Hadoop checksums that no longer match.
   */
  private static void withoutNewParams(Path metadata) throws Exception {
    ObjectMapper json = new ObjectMapper();
    int rewritten = 0;
    for (File f : metadata.toFile().listFiles()) {
      String name = f.getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        Files.delete(f.toPath());
        continue;
      }
      if (!name.startsWith("part-")) continue;
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(f.toPath())) {
        ObjectNode m = (ObjectNode) json.readTree(line);
        for (String section : List.of("paramMap", "defaultParamMap")) ((ObjectNode) m.get(section)).remove(NEW_PARAMS);
        lines.add(json.writeValueAsString(m));
        rewritten++;
      }
      Files.write(f.toPath(), lines);
    }
    assertEquals(1, rewritten, "one metadata record");
  }

  private static void assertMessage(Executable call, String... parts) {
    Throwable e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
  }
}
