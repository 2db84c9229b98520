package org.layerbraid.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.settings.Option;
import org.layerbraid.settings.Options;
import org.layerbraid.data.DataException;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.report.EpochRecord;

/** The Spark ML API on small Peaks data: fit, transform, params, Pipeline, CrossValidator, persistence. */
class LayerBraidClassifierTest {
  private static SparkSession spark;
  /** 500 Peaks points: doubles x, y and label. */
  private static Dataset<Row> raw;
  /** The same with the standardised vector column features. */
  private static Dataset<Row> peaks;
  private static Pipeline pipeline;
  private static PipelineModel pipelineModel;
  private static LayerBraidClassificationModel model;

  @TempDir
  static Path tmp;

  /**
   * A short full-batch run. Adam at 0.05 for 100 steps reaches 89-94 % on these points (six seeds);
   * L-BFGS for 30-40 steps reaches 77-86 % and costs more Spark jobs (line-search evaluations).
   */
  static LayerBraidClassifier shortRun() {
    return new LayerBraidClassifier().setWidth(8).setDepth(4).setSolver("adam").setStepSize(0.05)
        .setMaxIter(100).setSeed(3);
  }

  @BeforeAll
  static void setUp() {
    spark = SparkSession.builder().master("local[2]").appName("LayerBraidClassifierTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Examples e = Peaks.sample(100, 11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < e.size(); i++) {
      rows.add(RowFactory.create(e.feature(i, 0), e.feature(i, 1), (double) e.label(i)));
    }
    StructType schema = new StructType()
        .add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    raw = spark.createDataFrame(rows, schema).repartition(2).cache();
    // The one short L-BFGS training run the tests share (the machine is slow and shared): the
    // pipeline a Spark ML user would write, assembler and scaler in front of the classifier.
    pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("xy"),
        new StandardScaler().setInputCol("xy").setOutputCol("features").setWithMean(true),
        shortRun()});
    pipelineModel = pipeline.fit(raw);
    model = (LayerBraidClassificationModel) pipelineModel.stages()[2];
    Dataset<Row> scaled = raw;
    for (int i = 0; i < 2; i++) scaled = pipelineModel.stages()[i].transform(scaled);
    peaks = scaled.drop("xy").cache();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) spark.stop();
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
  }

  private static List<double[]> probabilities(Dataset<Row> predictions) {
    List<double[]> out = new ArrayList<>();
    for (Row r : predictions.select("probability").collectAsList()) out.add(((Vector) r.get(0)).toArray());
    return out;
  }

  @Test
  void fitReachesASaneTrainingAccuracyAndKeepsItsHistory() {
    assertEquals(5, model.numClasses());
    assertEquals(2, model.numFeatures());
    assertEquals(8, model.shape().width());
    assertEquals(4, model.shape().depth());
    assertEquals(4, model.getDepth());
    assertEquals("adam", model.getSolver());
    assertEquals(0.05, model.getStepSize());
    double acc = accuracy(model.transform(peaks));
    assertTrue(acc > 0.8, "training accuracy " + acc);
    LayerBraidTrainingSummary s = model.summary();
    assertTrue(s.history().size() >= 1 && s.history().size() <= 100, "epochs " + s.history().size());
    assertEquals(500, s.trainSize() + s.validationSize());
    assertTrue(s.validationSize() > 20 && s.validationSize() < 90, "validation size " + s.validationSize());
    assertTrue(s.keptEpoch() >= 1 && s.keptEpoch() <= s.history().size());
    assertTrue(s.validationAccuracy() > 0.6, s.toString());
  }

  @Test
  void transformAddsLogitsProbabilitiesAndArgmaxPredictions() {
    Dataset<Row> out = model.transform(peaks);
    StructType schema = out.schema();
    assertEquals(SQLDataTypes.VectorType(), schema.apply("rawPrediction").dataType());
    assertEquals(SQLDataTypes.VectorType(), schema.apply("probability").dataType());
    assertEquals(DataTypes.DoubleType, schema.apply("prediction").dataType());
    List<Row> rows = out.select("features", "rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(500, rows.size());
    double[][] features = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      Vector raw = (Vector) r.get(1), p = (Vector) r.get(2);
      assertEquals(5, raw.size());
      assertEquals(5, p.size());
      double sum = 0;
      for (double v : p.toArray()) {
        assertTrue(v >= 0 && v <= 1, "probability " + v);
        sum += v;
      }
      assertEquals(1.0, sum, 1e-12);
      assertEquals(p.argmax(), (int) r.getDouble(3));
      assertEquals(raw.argmax(), (int) r.getDouble(3));
      // Row by row on the driver gives what the UDF gave.
      Vector f = (Vector) r.get(0);
      assertArrayEquals(p.toArray(), model.predictProbability(f).toArray(), 0.0);
      assertEquals(r.getDouble(3), model.predict(f));
      features[i] = f.toArray();
    }
    // One batch through the network: the same numbers up to rounding.
    double[] colMajor = new double[rows.size() * 2];
    for (int i = 0; i < rows.size(); i++) {
      colMajor[i] = features[i][0];
      colMajor[rows.size() + i] = features[i][1];
    }
    DenseMatrix batch = model.predictProbabilityBatch(Matrices.dense(rows.size(), 2, colMajor));
    assertEquals(rows.size(), batch.numRows());
    assertEquals(5, batch.numCols());
    for (int i = 0; i < rows.size(); i++) {
      double[] p = ((Vector) rows.get(i).get(2)).toArray();
      for (int k = 0; k < 5; k++) assertEquals(p[k], batch.apply(i, k), 1e-12);
    }
  }

  @Test
  void invalidParamsAreRejectedWithClearMessages() {
    LayerBraidClassifier c = new LayerBraidClassifier();
    assertMessage(() -> c.setWidth(0), "width must be >= 1, got 0");
    assertMessage(() -> c.setActivation("swish"), "unknown activation 'swish'", "smoothrelu");
    assertMessage(() -> c.setSolver("rmsprop"), "unknown optimizer 'rmsprop'", "lbfgs");
    assertMessage(() -> c.setPropagation("parallel"), "unknown propagation 'parallel'", "mgrit");
    assertMessage(() -> c.setMgritMode("fast"), "mgritMode", "oneshot or converged");
    assertMessage(() -> c.setProgress("loud"), "unknown progress mode 'loud'");
    assertMessage(() -> c.setStepSize(0), "stepSize must be > 0, got 0.0");
    assertMessage(() -> c.setMomentum(1), "momentum must be in [0, 1), got 1.0");
    assertMessage(() -> c.setStepSizeDecay(0), "stepSizeDecay must be in (0, 1], got 0.0");
    assertMessage(() -> c.setValidationFraction(1), "validationFraction must be in [0, 1), got 1.0");
    assertMessage(() -> c.setFinalTime(Double.POSITIVE_INFINITY), "finalTime must be finite and > 0");
    assertMessage(() -> c.setRegDdt(-1), "regDdt must be >= 0, got -1.0");
    assertMessage(() -> c.setMgritCfactor(new int[] {2, 1}), "mgritCfactor entries must be >= 2, got [2, 1]");
    assertMessage(() -> c.setMgritNrelax(new int[0]), "mgritNrelax needs at least one value");
    // Through a ParamMap, as ParamGridBuilder and CrossValidator set them.
    assertMessage(() -> c.copy(new ParamMap().put(c.depth(), 0)), "depth must be >= 1, got 0");
    assertEquals(8, c.getWidth(), "a rejected value leaves the param alone");
    assertEquals("relu", c.setActivation("relu").getActivation());

    // What depends on the data fails at fit, with the core's message.
    LayerBraidClassifier tooSmallBatch = shortRun().setBatchSize(1).setNumPartitions(2);
    assertMessage(() -> tooSmallBatch.fit(peaks), "batch size 1 is smaller than the 2 partitions");
    Dataset<Row> oneClass = peaks.filter("label = 0");
    assertMessage(() -> shortRun().fit(oneClass), "at least 2 classes");
  }

  @Test
  void aWrongFeatureCountAtTransformNamesBothSizes() {
    Dataset<Row> three = spark.createDataFrame(
        List.of(RowFactory.create(Vectors.dense(0.1, 0.2, 0.3)), RowFactory.create(Vectors.dense(1, 2, 3))),
        new StructType().add("features", SQLDataTypes.VectorType()));
    Exception e = assertThrows(Exception.class, () -> model.transform(three).collectAsList());
    assertChain(e, "expected 2 features in column 'features', found 3");

    // When the column's ML attributes state the size, transform fails at once, before any job.
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"x", "y", "label"})
        .setOutputCol("features").transform(raw);
    assertMessage(() -> model.transform(assembled), "expected 2 features in column 'features', found 3");
  }

  @Test
  void defaultsAreTheOptionTablesAndEveryParamHasAnOption() {
    LayerBraidClassifier c = new LayerBraidClassifier();
    for (Option o : Options.withParams()) {
      Param<?> p = c.getParam(o.param());
      if (o.apiDefault() == null) {
        assertFalse(c.isDefined(p), o.param());
      } else {
        assertTrue(java.util.Objects.deepEquals(o.apiDefault(), c.getOrDefault(p)), o.param());
      }
      assertTrue(p.doc().endsWith("(" + o.key() + ")"), p.doc());
    }
    // The deliberate differences from the CLI.
    assertEquals(0, c.getNumPartitions());
    assertEquals(2, Options.find("data.partitions").defaultValue());
    assertEquals("quiet", c.getProgress());
    // data.seed's default is empty, "the seed": dataSeed has no default and reads as seed.
    assertEquals("", Options.find("data.seed").defaultText());
    assertEquals(c.getSeed(), c.getDataSeed());
    // Spark's own shared params (featuresCol, labelCol, predictionCol, probabilityCol, rawPredictionCol, thresholds).
    assertEquals(Options.withParams().size() + 2 + 6, c.params().length, "every layerbraid param but tol and initialWeights has an option");
  }

  @Test
  void dataSeedHoldsTheSplitFixedWhileSeedVariesTheTraining() {
    LayerBraidClassifier c = new LayerBraidClassifier().setWidth(2).setDepth(2).setMaxIter(1).setValidationFraction(0.3);
    LayerBraidTrainingSummary bySeed5 = c.copy(new ParamMap()).setSeed(5).fit(peaks).summary();
    LayerBraidTrainingSummary bySeed2 = c.copy(new ParamMap()).setSeed(2).fit(peaks).summary();
    LayerBraidTrainingSummary held = c.copy(new ParamMap()).setSeed(2).setDataSeed(5).fit(peaks).summary();
    // The two seeds draw splits of different sizes, so equal sizes below mean the same draw.
    assertNotEquals(bySeed5.validationSize(), bySeed2.validationSize());
    assertEquals(bySeed5.validationSize(), held.validationSize());
    assertEquals(bySeed5.trainSize(), held.trainSize());
    // The training's own seed still counts: another initialisation, another first epoch.
    assertNotEquals(bySeed5.history().get(0).trainLoss(), held.history().get(0).trainLoss());
  }

  @Test
  void savedModelLoadsAndPredictsIdentically() throws Exception {
    String path = tmp.resolve("model").toString();
    model.write().overwrite().save(path);
    LayerBraidClassificationModel loaded = LayerBraidClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.shape(), loaded.shape());
    assertEquals(4, loaded.getDepth());
    assertEquals("adam", loaded.getSolver());
    assertArrayEquals(model.weights(), loaded.weights(), 0.0);
    List<double[]> before = probabilities(model.transform(peaks));
    List<double[]> after = probabilities(loaded.transform(peaks));
    for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), 0.0);
    assertEquals(model.summary().history(), loaded.summary().history());
    assertEquals(model.summary().keptEpoch(), loaded.summary().keptEpoch());
    // No overwrite: refused.
    assertThrows(java.io.IOException.class, () -> model.write().save(path));
    // The estimator's params round-trip too.
    String estPath = tmp.resolve("estimator").toString();
    LayerBraidClassifier est = shortRun().setActivation("tanh").setMgritCfactor(new int[] {4, 2});
    est.write().overwrite().save(estPath);
    LayerBraidClassifier est2 = LayerBraidClassifier.load(estPath);
    assertEquals(est.uid(), est2.uid());
    assertEquals("tanh", est2.getActivation());
    assertArrayEquals(new int[] {4, 2}, est2.getMgritCfactor());
    assertEquals(100, est2.getMaxIter());
  }

  @Test
  void worksInAPipelineAndThePipelineModelPersists() throws Exception {
    assertEquals("features", model.getFeaturesCol());
    Dataset<Row> out = pipelineModel.transform(raw);
    assertTrue(accuracy(out) > 0.8, "pipeline training accuracy " + accuracy(out));

    String path = tmp.resolve("pipeline-model").toString();
    pipelineModel.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertInstanceOf(LayerBraidClassificationModel.class, loaded.stages()[2]);
    List<Row> a = out.select("probability", "prediction").collectAsList();
    List<Row> b = loaded.transform(raw).select("probability", "prediction").collectAsList();
    assertEquals(500, b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(((Vector) a.get(i).get(0)).toArray(), ((Vector) b.get(i).get(0)).toArray(), 0.0);
      assertEquals(a.get(i).getDouble(1), b.get(i).getDouble(1));
    }
    // The unfitted pipeline (with the estimator and its params) persists as well.
    String pipePath = tmp.resolve("pipeline").toString();
    pipeline.write().overwrite().save(pipePath);
    LayerBraidClassifier est = assertInstanceOf(LayerBraidClassifier.class, Pipeline.load(pipePath).getStages()[2]);
    assertEquals("adam", est.getSolver());
    assertEquals(4, est.getDepth());
  }

  @Test
  void crossValidatorChoosesALearningRate() {
    LayerBraidClassifier adam = new LayerBraidClassifier().setWidth(8).setDepth(4).setSolver("adam").setMaxIter(5);
    ParamMap[] grid = new ParamGridBuilder().addGrid(adam.stepSize(), new double[] {0.002, 0.05}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(adam).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .setNumFolds(2).setSeed(5).fit(peaks);
    assertEquals(2, cv.avgMetrics().length);
    for (double m : cv.avgMetrics()) assertTrue(m > 0 && m <= 1, "metric " + m);
    LayerBraidClassificationModel best = assertInstanceOf(LayerBraidClassificationModel.class, cv.bestModel());
    int bestIndex = cv.avgMetrics()[0] >= cv.avgMetrics()[1] ? 0 : 1;
    assertEquals(new double[] {0.002, 0.05}[bestIndex], best.getStepSize());
    assertEquals(5, best.summary().history().size());
    assertNotEquals(0, cv.transform(peaks).count());
  }

  @Test
  void mgritPropagationTrainsThroughTheSameApi() {
    LayerBraidClassificationModel m = shortRun().setSolver("lbfgs").setPropagation("mgrit").setMgritMode("converged").setMaxIter(3)
        .setValidationFraction(0).fit(peaks);
    List<EpochRecord> h = m.summary().history();
    assertEquals(3, h.size());
    assertTrue(h.get(0).usedMgrit(), "MGRIT iterations recorded");
    assertTrue(Double.isNaN(m.summary().validationAccuracy()), "no validation set");
    assertEquals(0, m.summary().validationSize());
  }

  @Test
  void mgritConvergenceSolvesTheTrainedNetworkToTolerance() {
    // Deep enough for a real hierarchy (32 -> 16 -> 8 -> 4 -> 2 layers); trained serially, since
    // the solves go to tolerance whatever the training propagation was.
    LayerBraidClassificationModel deep = shortRun().setDepth(32).setMaxIter(5).setValidationFraction(0).fit(peaks);
    MgritConvergence c = deep.mgritConvergence(peaks);
    for (ConvergenceHistory h : List.of(c.forward(), c.adjoint())) {
      assertTrue(h.converged(), h.table());
      assertTrue(h.lastResidual() <= deep.getMgritAbsTol(), h.table());
      assertTrue(h.iterations() >= 2 && h.iterations() < deep.getMgritMaxIter(), "iterations " + h.iterations());
    }
    assertEquals(List.of("forward", "adjoint"), List.copyOf(c.residualHistories().keySet()));
    assertArrayEquals(c.adjoint().residualArray(), c.residualHistories().get("adjoint"), 0.0);

    // The model's MGRIT params drive the solve: capped at two V-cycles, it stops short with the
    // same first residuals.
    MgritConvergence capped = deep.copy(new ParamMap().put(deep.mgritMaxIter(), 2)).mgritConvergence(peaks);
    assertEquals(2, capped.forward().iterations());
    assertFalse(capped.forward().converged());
    double[] full = c.forward().residualArray();
    double[] first = capped.forward().residualArray();
    assertArrayEquals(Arrays.copyOf(full, first.length), first, 0.0);

    Dataset<Row> badLabels = peaks.withColumn("label", functions.lit(7.0));
    DataException e = assertThrows(DataException.class, () -> deep.mgritConvergence(badLabels));
    assertTrue(e.getMessage().contains("label"), e.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
    Throwable e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
  }

  private static void assertChain(Throwable e, String part) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(part)) return;
    }
    throw new AssertionError("no cause of " + e + " mentions '" + part + "'", e);
  }
}
