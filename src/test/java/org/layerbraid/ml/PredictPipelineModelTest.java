package org.layerbraid.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
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
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.CliRun;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;

/**
 * {@code layerbraid predict} with a saved PipelineModel (a StandardScaler in front of the
 * classifier), and its warning when a bare model trained behind a scaler is given unscaled features.
 */
class PredictPipelineModelTest {
  private static SparkSession spark;
  /** 50 Peaks points in "raw units": 50 x + 100, so that scaled and unscaled features differ plainly. */
  private static Dataset<Row> raw;
  private static PipelineModel pipeline;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkSession.builder().master("local[2]").appName("PredictPipelineModelTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Examples e = Peaks.sample(10, 11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < e.size(); i++) {
      rows.add(RowFactory.create(i, Vectors.dense(50 * e.feature(i, 0) + 100, 50 * e.feature(i, 1) + 100),
          (double) e.label(i)));
    }
    raw = spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType)
        .add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType));
    pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true),
        new LayerBraidClassifier().setFeaturesCol("scaled").setWidth(4).setDepth(2).setStepSize(0.05).setMaxIter(5)
            .setValidationFraction(0)}).fit(raw);
    pipeline.write().save(tmp.resolve("pipeline").toString());
    ((LayerBraidClassificationModel) pipeline.stages()[1]).write().save(tmp.resolve("bare").toString());
    csv("raw.csv", raw, "features");
    csv("scaled.csv", pipeline.stages()[0].transform(raw), "scaled");
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) spark.stop();
  }

  /** The rows as predict reads CSV: a header, the label first, in the order of id. */
  private static void csv(String name, Dataset<Row> data, String featuresCol) throws IOException {
    List<String> lines = new ArrayList<>(List.of("label,x1,x2"));
    for (Row r : data.orderBy("id").select("label", featuresCol).collectAsList()) {
      Vector f = (Vector) r.get(1);
      lines.add((int) r.getDouble(0) + "," + f.apply(0) + "," + f.apply(1));
    }
    Files.write(tmp.resolve(name), lines);
  }

  private static CliRun predict(String model, String input, String output) {
    CliRun r = CliRun.of("predict", "--model", tmp.resolve(model).toString(), "--input", tmp.resolve(input).toString(),
        "--output", tmp.resolve(output).toString());
    assertEquals(0, r.code(), r.err());
    return r;
  }

  @Test
  void aPipelineModelScalesTheFeaturesAsInTraining() {
    CliRun r = predict("pipeline", "raw.csv", "by-pipeline");
    assertFalse(r.err().contains("warning"), r.err());
    assertTrue(r.out().contains("pipeline: StandardScalerModel, then 2 features"), r.out());
    Dataset<Row> written = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(tmp.resolve("by-pipeline").toString()).orderBy("line");
    assertEquals(List.of("file", "line", "label", "prediction", "probability_0", "probability_1", "probability_2",
        "probability_3", "probability_4"), List.of(written.columns()));
    List<Row> got = written.collectAsList();
    List<Row> expected = pipeline.transform(raw).orderBy("id").select("prediction", "probability").collectAsList();
    assertEquals(50, got.size());
    for (int i = 0; i < 50; i++) {
      assertEquals((int) expected.get(i).getDouble(0), got.get(i).<Integer>getAs("prediction"), "row " + i);
      double[] p = ((Vector) expected.get(i).get(1)).toArray();
      for (int k = 0; k < 5; k++) assertEquals(p[k], got.get(i).<Double>getAs("probability_" + k), 1e-12);
    }
  }

  @Test
  void aBareModelWarnsInOneLineWhenGivenUnscaledFeatures() {
    String err = predict("bare", "raw.csv", "bare-raw").err();
    List<String> warnings = err.lines().filter(l -> l.contains("warning")).toList();
    assertEquals(1, warnings.size(), err);
    String w = warnings.get(0);
    assertTrue(w.startsWith("warning: --model " + tmp.resolve("bare") + ": feature 1 has mean"), w);
    assertTrue(w.contains("where the model's training features had") && w.contains("PipelineModel"), w);

    // The features the model was trained on draw no warning.
    String quiet = predict("bare", "scaled.csv", "bare-scaled").err();
    assertFalse(quiet.contains("warning"), quiet);
  }
}
