package org.layerbraid.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.RunSettings;
import org.layerbraid.train.Optimizer;

/**
 * The ML API as MLlib's classifiers have it: param names and solver spellings, explainParams,
 * objectiveHistory, tol, initialWeights, evaluate, and stages saved under the former names.
 */
class MllibConventionsTest {
  private static SparkSession spark;
  /** 50 Peaks points as features and label, in Peaks' order. */
  private static Examples points;
  private static Dataset<Row> peaks;
  private static LayerBraidClassificationModel model;

  @BeforeAll
  static void setUp() {
    spark = SparkSession.builder().master("local[2]").appName("MllibConventionsTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    points = Peaks.sample(10, 11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) rows.add(RowFactory.create(features(i), (double) points.label(i)));
    peaks = spark.createDataFrame(rows, new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType)).repartition(2).cache();
    model = small().fit(peaks);
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) spark.stop();
  }

  private static Vector features(int i) {
    return Vectors.dense(points.feature(i, 0), points.feature(i, 1));
  }

  /** Full batch, no hold-out: every epoch's loss is that of all 50 points at the epoch's starting weights. */
  private static LayerBraidClassifier small() {
    return new LayerBraidClassifier().setWidth(4).setDepth(2).setSolver("adam").setStepSize(0.05).setMaxIter(8)
        .setSeed(3).setValidationFraction(0);
  }

  @Test
  void paramsHaveMllibsNamesAndNoIntLayers() {
    LayerBraidClassifier c = new LayerBraidClassifier();
    for (String name : List.of("maxIter", "stepSize", "solver", "tol", "seed", "initialWeights", "validationFraction",
        "depth", "mgritMaxIter")) {
      assertTrue(c.hasParam(name), name);
    }
    for (String former : List.of("layers", "epochs", "learningRate", "optimizer", "lrDecay")) {
      assertFalse(c.hasParam(former), former);
    }
    assertEquals(0.1, c.getValidationFraction(), "fit holds out 10 % unless told otherwise");
    assertEquals(0.0, c.getTol(), "tol is off by default");
    assertEquals(null, c.getInitialWeights());
    // MLlib's solver spellings and the config files' both name the optimiser.
    for (String[] spelling : new String[][] {{"l-bfgs", "LBFGS"}, {"lbfgs", "LBFGS"}, {"gd", "SGD"}, {"sgd", "SGD"},
        {"adam", "ADAM"}}) {
      Optimizer.Kind kind = TypedSettings.from(new LayerBraidClassifier().setSolver(spelling[0])).training().optimizer().kind();
      assertEquals(Optimizer.Kind.valueOf(spelling[1]), kind, spelling[0]);
      Config conf = Config.defaults().withValue("train.optimizer", spelling[0], "test");
      assertEquals(kind, RunSettings.from(conf).training().optimizer().kind(), "train.optimizer = " + spelling[0]);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setSolver("newton"));
    assertTrue(e.getMessage().contains("solver: unknown optimizer 'newton'") && e.getMessage().contains("l-bfgs, gd"),
        e.getMessage());
  }

  @Test
  void explainParamsShowsArraysByTheirValues() {
    LayerBraidClassifier c = new LayerBraidClassifier().setNestedStepSize(new double[] {0.1, 0.05})
        .setInitialWeights(Vectors.dense(new double[20]));
    c.setThresholds(new double[] {0.5, 0.5});
    String text = c.explainParams();
    assertFalse(text.matches("(?s).*\\[[IDL][@a-z].*"), text);
    assertTrue(text.contains("mgritNrelax: "), text);
    assertTrue(text.contains("(default: [0, 1])"), text);
    assertTrue(text.contains("nestedStepSize: ") && text.contains("(default: [], current: [0.1, 0.05])"), text);
    assertTrue(text.contains("thresholds: ") && text.contains("current: [0.5, 0.5]"), text);
    assertTrue(text.contains("current: a vector of 20 values"), text);
    assertTrue(text.contains("dataSeed: ") && text.contains("(undefined)"), text);
  }

  @Test
  void objectiveHistoryIsTheLossOfEveryEpochStartingFromInitialWeights() {
    LayerBraidTrainingSummary s = model.summary();
    assertEquals(8, s.totalIterations());
    double[] h = s.objectiveHistory();
    assertEquals(8, h.length);
    for (int i = 0; i < h.length; i++) assertEquals(s.history().get(i).trainLoss(), h[i], 0.0);

    // Started from the model's weights, the first epoch's loss is their cross-entropy on the 50
    // points, computed here from the model's own probabilities.
    LayerBraidClassificationModel next = small().setMaxIter(1).setInitialWeights(Vectors.dense(model.weights())).fit(peaks);
    double crossEntropy = 0;
    for (int i = 0; i < points.size(); i++) {
      crossEntropy -= Math.log(model.predictProbability(features(i)).apply(points.label(i)));
    }
    assertEquals(crossEntropy / points.size(), next.summary().objectiveHistory()[0], 1e-9);
    assertTrue(h[h.length - 1] < h[0], "Adam lowers the loss: " + java.util.Arrays.toString(h));
  }

  @Test
  void initialWeightsOfTheWrongSizeFailNamingBothSizes() {
    int size = model.weights().length; // 2 features, width 4, depth 2, 5 classes
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().setInitialWeights(Vectors.dense(1, 2, 3)).fit(peaks));
    assertTrue(e.getMessage().startsWith("initialWeights has 3 values, expected " + size + " for a network of 2 features,"
        + " width 4, depth 2 and 5 classes"), e.getMessage());
  }

  @Test
  void tolStopsOnceTheLossBarelyChanges() {
    double tol = 0.02;
    double[] h = small().setMaxIter(60).setTol(tol).fit(peaks).summary().objectiveHistory();
    assertTrue(h.length < 60, "stopped early: " + h.length + " epochs");
    for (int i = 1; i < h.length - 1; i++) {
      assertTrue(Math.abs(h[i - 1] - h[i]) > tol * h[i - 1], "epoch " + (i + 1) + " should have stopped the run");
    }
    int last = h.length - 1;
    assertTrue(Math.abs(h[last - 1] - h[last]) <= tol * h[last - 1], "the last epoch's change is within tol");
  }

  @Test
  void evaluateGivesAccuracyAndWeightedPrecisionAndRecall() {
    LayerBraidClassificationSummary s = model.evaluate(peaks);
    List<Row> rows = s.predictions().select("label", "prediction").collectAsList();
    assertEquals(50, rows.size());
    int k = 5;
    long[][] confusion = new long[k][k];
    for (Row r : rows) confusion[(int) r.getDouble(0)][(int) r.getDouble(1)]++;
    long right = 0;
    double precision = 0;
    for (int c = 0; c < k; c++) {
      right += confusion[c][c];
      long predicted = 0, actual = 0;
      for (int j = 0; j < k; j++) {
        predicted += confusion[j][c];
        actual += confusion[c][j];
      }
      precision += predicted == 0 ? 0 : actual / 50.0 * confusion[c][c] / predicted;
    }
    assertEquals(right / 50.0, s.accuracy(), 1e-12);
    assertEquals(right / 50.0, s.weightedRecall(), 1e-12, "weighted recall is accuracy");
    assertEquals(precision, s.weightedPrecision(), 1e-12);
    assertEquals(new MulticlassClassificationEvaluator().setMetricName("f1").evaluate(s.predictions()),
        s.weightedFMeasure(), 1e-12);
    assertEquals(s.labels().length, s.confusionMatrix().numRows());
  }

  @Test
  void stagesSavedUnderTheFormerNamesLoad() {
    Path saved = Path.of("src/test/resources/org/layerbraid/ml/saved-before-mllib-names");
    // Saved before the renames: layers 2, epochs 3, optimizer lbfgs, learningRate 0.02, lrDecay 0.9, per-level lists.
    LayerBraidClassificationModel old = LayerBraidClassificationModel.load(saved.resolve("model").toString());
    LayerBraidClassifier oldEstimator = LayerBraidClassifier.load(saved.resolve("estimator").toString());
    for (LayerBraidParams p : List.of(old, oldEstimator)) {
      assertEquals(2, p.getDepth());
      assertEquals(3, p.getMaxIter());
      assertEquals("lbfgs", p.getSolver());
      assertEquals(0.02, p.getStepSize());
      assertEquals(0.9, p.getStepSizeDecay());
      assertArrayEquals(new int[] {3}, p.getNestedMaxIter());
      assertArrayEquals(new double[] {0.02}, p.getNestedStepSize());
      assertArrayEquals(new String[] {"lbfgs"}, p.getNestedSolver());
      assertEquals(7, p.getSeed());
      assertEquals(32, (Integer) p.getDefault(p.getParam("depth")).get(), "defaults are read under the new names too");
      assertSame(p.getParam("maxIter"), p.getParam("epochs"), "a former name finds the param");
    }
    // What the saving code printed for Peaks.sample(10, 11)'s first three points.
    double[][] expected = {
        {0.5029782158358848, 0.11867391923282125, 0.056627759333388164, 0.23803808717062153, 0.08368201842728436},
        {0.39072662972002353, 0.16481837642623146, 0.11179626033449909, 0.20670921075586313, 0.1259495227633827},
        {0.25967473385208806, 0.20692231843802592, 0.20178524847732388, 0.1592671468026894, 0.17235055242987266}};
    for (int i = 0; i < 3; i++) assertArrayEquals(expected[i], old.predictProbability(features(i)).toArray(), 1e-12);
    assertEquals(3, old.summary().totalIterations());
    assertEquals(null, old.summary().features(), "saved before the training features were kept");
    assertNotNull(model.summary().features());
  }
}
