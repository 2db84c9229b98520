package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.CliRun;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.data.CsvFormat;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LibsvmFormat;
import org.layerbraid.data.Peaks;
import org.layerbraid.ml.LayerBraidClassificationModel;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.MetricsWriter;

/**
 * {@code layerbraid evaluate} and {@code predict} end to end through {@link Main#execute}, on a
 * tiny Peaks model trained once by {@code layerbraid train}. The commands join this class's Spark
 * session instead of starting their own; every expectation is recomputed here from the saved
 * weights with {@link BatchEvaluation}, independently of the commands' own code paths.
 */
class EvaluateCommandTest {
  private static final long SEED = 3;
  private static final int VALIDATION_PER_CLASS = 20;

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path conf;
  private static Path trained;
  private static ResNet net;

  @BeforeAll
  static void trainOnce() throws IOException {
    spark = SparkSession.builder().master("local[2]").appName("EvaluateCommandTest").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    conf = tmp.resolve("peaks-small.conf");
    Files.write(conf, List.of("data.kind = peaks", "peaks.trainPerClass = 60",
        "peaks.validationPerClass = " + VALIDATION_PER_CLASS, "model.layers = 4", "train.epochs = 15",
        "train.learningRate = 0.05", "output.progress = quiet", "seed = " + SEED));
    trained = tmp.resolve("trained");
    CliRun r = CliRun.of("train", "--config", conf.toString(), "--out", trained.toString());
    assertEquals(0, r.code(), "train failed: " + r.err());
    net = ModelFiles.load(model(), new Configuration()).network();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static String model() {
    return trained.resolve("model").toString();
  }
  /** The one line a failed command prints, after checking it failed with exit code 2. */
  private static String failure(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(2, r.code(), "exit code; stdout: " + r.out() + " stderr: " + r.err());
    String err = ConsoleLines.withoutStartup(r.err());
    assertTrue(err.startsWith("layerbraid: "), err);
    return err;
  }

  /** Counts of (true, predicted) from this class's own forward pass. */
  private static long[][] expectedCounts(Examples data) {
    int[] predicted = BatchEvaluation.predict(net, new SerialPropagation(), data);
    long[][] counts = new long[Peaks.CLASSES][Peaks.CLASSES];
    for (int i = 0; i < predicted.length; i++) counts[data.label(i)][predicted[i]]++;
    return counts;
  }

  /** The examples written as a CSV file (header, label first) in the class's folder. */
  private static Path csvFile(String name, Examples data) throws IOException {
    Path csv = tmp.resolve(name);
    try (Writer w = Files.newBufferedWriter(csv)) {
      CsvFormat.write(data, w);
    }
    return csv;
  }

  @SuppressWarnings("unchecked")
  private static long[][] matrix(Map<String, Object> evaluation) {
    List<List<Number>> rows = (List<List<Number>>) evaluation.get("confusion_matrix");
    return rows.stream().map(r -> r.stream().mapToLong(Number::longValue).toArray()).toArray(long[][]::new);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @Test
  void evaluatesTheValidationSplitAsTrainDidWithAnIndependentlyCheckedMatrix() throws IOException {
    Path out = tmp.resolve("evaluation");
    CliRun r = CliRun.of("evaluate", "--model", model(), "--config", conf.toString(), "--out", out.toString());
    assertEquals(0, r.code(), "stderr: " + r.err());

    Map<String, Object> e = MetricsWriter.readMetrics(out.resolve("evaluation.json"));
    Map<String, Object> trainMetrics = MetricsWriter.readMetrics(trained.resolve("metrics.json"));
    assertEquals("validation", e.get("split"));
    Examples validation = Peaks.sample(VALIDATION_PER_CLASS, Peaks.validationSeed(SEED));
    long[][] expected = expectedCounts(validation);
    long[][] reported = matrix(e);
    assertArrayEquals(expected, reported);
    long diagonal = 0, total = 0;
    for (int t = 0; t < Peaks.CLASSES; t++) {
      assertEquals(VALIDATION_PER_CLASS, Arrays.stream(reported[t]).sum(), "row " + t + " sums to the class count");
      diagonal += reported[t][t];
      total += Arrays.stream(reported[t]).sum();
    }
    assertEquals(validation.size(), total);
    assertEquals((double) diagonal / total, number(e, "accuracy"), 1e-15);
    // The same numbers train reported for its kept parameters.
    assertEquals(number(trainMetrics, "validation_accuracy"), number(e, "accuracy"), 1e-12);
    assertEquals(number(trainMetrics, "validation_loss"), number(e, "loss"), 1e-9);
    assertEquals(number(trainMetrics, "grid_accuracy"), number(e, "grid_accuracy"), 1e-12);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> perClass = (List<Map<String, Object>>) e.get("per_class");
    for (int c = 0; c < Peaks.CLASSES; c++) {
      Map<String, Object> row = perClass.get(c);
      long predictedAsC = 0;
      for (long[] t : expected) predictedAsC += t[c];
      assertEquals(VALIDATION_PER_CLASS, number(row, "support"));
      assertEquals((double) expected[c][c] / VALIDATION_PER_CLASS, number(row, "recall"), 1e-15);
      if (predictedAsC > 0) assertEquals((double) expected[c][c] / predictedAsC, number(row, "precision"), 1e-15);
      else assertNull(row.get("precision"), "never predicted: precision undefined");
    }

    List<String> csv = Files.readAllLines(out.resolve("confusion_matrix.csv"));
    assertEquals("true_class,predicted_0,predicted_1,predicted_2,predicted_3,predicted_4", csv.get(0));
    for (int t = 0; t < Peaks.CLASSES; t++) {
      StringBuilder line = new StringBuilder(Integer.toString(t));
      for (long v : expected[t]) line.append(',').append(v);
      assertEquals(line.toString(), csv.get(t + 1));
    }
    BufferedImage png = ImageIO.read(out.resolve("confusion_matrix.png").toFile());
    assertNotNull(png, "confusion_matrix.png does not decode");
    assertTrue(png.getWidth() >= 400 && png.getHeight() >= 400, png.getWidth() + "x" + png.getHeight());
    try (Stream<Path> files = Files.list(out)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files left");
    }

    String console = r.out();
    assertTrue(console.contains("confusion matrix (rows: true class, columns: predicted class)"), console);
    assertTrue(console.contains(String.format("accuracy %.4f", number(e, "accuracy"))), console);
  }

  @Test
  void evaluatesAModelSavedThroughTheMlApiOnEveryRowOfACsvFile() throws IOException {
    Examples data = Peaks.sample(30, 11);
    Path csv = csvFile("new-points.csv", data);
    Path ml = tmp.resolve("ml-model");
    LayerBraidClassificationModel.fromModelFiles(model(), new Configuration()).write().save(ml.toString());
    Path out = tmp.resolve("evaluation-csv");
    // data.numClasses is not given: a model fixes its classes.
    CliRun r = CliRun.of("evaluate", "--model", ml.toString(), "--split", "all", "--out", out.toString(), "data.kind=csv",
        "data.path=" + csv);
    assertEquals(0, r.code(), "stderr: " + r.err());
    Map<String, Object> e = MetricsWriter.readMetrics(out.resolve("evaluation.json"));
    assertEquals(data.size(), number(e, "examples"));
    assertArrayEquals(expectedCounts(data), matrix(e));
    assertFalse(e.containsKey("grid_accuracy"), "grid accuracy is Peaks-only");
  }

  @Test
  void aSeparateValidationFileIsEvaluatedWithoutReadingTheTrainingData() throws IOException {
    Examples data = Peaks.sample(12, 17);
    Path csv = csvFile("held-out.csv", data);
    // The training path does not exist: a load of the training data would fail on it.
    Path absent = tmp.resolve("training-data-on-another-cluster.csv");
    Path out = tmp.resolve("evaluation-separate");
    CliRun r = CliRun.of("evaluate", "--model", model(), "--out", out.toString(), "data.kind=csv", "data.path=" + absent,
        "data.validationPath=" + csv);
    assertEquals(0, r.code(), "stderr: " + r.err());
    Map<String, Object> e = MetricsWriter.readMetrics(out.resolve("evaluation.json"));
    assertEquals("validation", e.get("split"), "the held-out default of a data set without a test set");
    assertArrayEquals(expectedCounts(data), matrix(e));
    assertEquals("csv " + csv + ": " + data.size() + " validation; 2 features, 5 classes", e.get("data"));

    // The training split still needs the training data, and says which path it did not find.
    String missing = failure("evaluate", "--model", model(), "--split", "train", "--out", tmp.resolve("never").toString(),
        "data.kind=csv", "data.path=" + absent, "data.validationPath=" + csv);
    assertTrue(missing.contains(absent.toString()), missing);
  }

  @Test
  void predictsCsvToCsvWithTheModelsPredictionsAndProbabilities() throws IOException {
    Examples data = Peaks.sample(25, 21);
    Path csv = csvFile("to-predict.csv", data);
    Path out = tmp.resolve("predictions-csv");
    CliRun r = CliRun.of("predict", "--model", model(), "--input", csv.toString(), "--output", out.toString());
    assertEquals(0, r.code(), "stderr: " + r.err());
    List<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(out.toString())
        .orderBy("line").collectAsList();
    assertEquals(data.size(), rows.size());
    int[] predicted = BatchEvaluation.predict(net, new SerialPropagation(), data);
    double[] p = BatchEvaluation.probabilities(net, new SerialPropagation(), data);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertEquals(i + 2, row.<Integer>getAs("line"), "line numbers count the header");
      assertEquals(csv.toString(), row.getAs("file"));
      assertEquals(data.label(i), ((Number) row.getAs("label")).intValue());
      assertEquals(predicted[i], ((Number) row.getAs("prediction")).intValue(), "row " + i);
      for (int c = 0; c < Peaks.CLASSES; c++) {
        assertEquals(p[i * Peaks.CLASSES + c], ((Number) row.getAs("probability_" + c)).doubleValue(), 1e-12);
      }
    }

    String refused = failure("predict", "--model", model(), "--input", csv.toString(), "--output", out.toString());
    assertTrue(refused.contains("--output " + out + " exists; pass --overwrite"), refused);
    CliRun again = CliRun.of("predict", "--model", model(), "--input", csv.toString(), "--output", out.toString(), "--overwrite");
    assertEquals(0, again.code(), "stderr: " + again.err());
  }

  @Test
  void predictsLibsvmAndUnlabelledParquetToParquet() throws IOException {
    Examples data = Peaks.sample(20, 31);
    Path libsvm = tmp.resolve("to-predict.libsvm");
    try (Writer w = Files.newBufferedWriter(libsvm)) {
      LibsvmFormat.write(data, w);
    }
    int[] predicted = BatchEvaluation.predict(net, new SerialPropagation(), data);
    Path out = tmp.resolve("predictions-libsvm.parquet");
    CliRun r = CliRun.of("predict", "--model", model(), "--input", libsvm.toString(), "--output", out.toString(),
        "--output-format", "parquet");
    assertEquals(0, r.code(), "stderr: " + r.err());
    Dataset<Row> written = spark.read().parquet(out.toString());
    assertEquals(List.of("file", "line", "label", "prediction", "probability_0", "probability_1", "probability_2",
        "probability_3", "probability_4"), List.of(written.columns()));
    List<Row> rows = written.orderBy("line").collectAsList();
    assertEquals(data.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(data.label(i), rows.get(i).getInt(2), "line " + (i + 1));
      assertEquals(predicted[i], rows.get(i).getInt(3), "line " + (i + 1));
    }

    // Parquet features without labels, one file, so that row numbers follow the order written.
    List<Row> input = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) input.add(RowFactory.create(Vectors.dense(data.feature(i, 0), data.feature(i, 1))));
    Path parquet = tmp.resolve("unlabelled.parquet");
    spark.createDataFrame(input, DataTypes.createStructType(List.of(
        DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)))).coalesce(1).write().parquet(parquet.toString());
    Path out2 = tmp.resolve("predictions-parquet");
    CliRun r2 = CliRun.of("predict", "--model", model(), "--input", parquet.toString(), "--output", out2.toString(),
        "--output-format", "parquet");
    assertEquals(0, r2.code(), "stderr: " + r2.err());
    Dataset<Row> written2 = spark.read().parquet(out2.toString());
    assertEquals("file,row,prediction", String.join(",", List.of(written2.columns()).subList(0, 3)));
    List<Row> rows2 = written2.orderBy("row").collectAsList();
    assertEquals(data.size(), rows2.size());
    for (int i = 0; i < rows2.size(); i++) {
      assertEquals(i + 1, rows2.get(i).getLong(1));
      assertEquals(predicted[i], rows2.get(i).getInt(2), "row " + (i + 1));
    }
  }

  @Test
  void badInputStopsWithExitCodeTwoAndSaysWhatWasExpected() throws IOException {
    Path none = tmp.resolve("no-such-model");
    String missing = failure("evaluate", "--model", none.toString(), "--config", conf.toString());
    assertTrue(missing.contains("--model " + none + ": no such folder") && missing.contains("metadata.json"), missing);
    missing = failure("predict", "--model", none.toString(), "--input", "x.csv", "--output", tmp.resolve("never").toString());
    assertTrue(missing.contains("--model " + none + ": no such folder"), missing);

    Path corrupt = tmp.resolve("corrupt-model");
    Files.createDirectories(corrupt);
    Files.copy(trained.resolve("model/weights.bin"), corrupt.resolve("weights.bin"));
    Files.writeString(corrupt.resolve("metadata.json"), "{\"format\": \"layerbraid-resnet\", ");
    String bad = failure("evaluate", "--model", corrupt.toString(), "--config", conf.toString());
    assertTrue(bad.contains(corrupt.resolve("metadata.json").toString()) && bad.contains("not valid JSON"), bad);

    Path wide = tmp.resolve("three-features.csv");
    Files.write(wide, List.of("label,x1,x2,x3", "0,0.1,0.2,0.3", "1,0.4,0.5,0.6"));
    String width = failure("predict", "--model", model(), "--input", wide.toString(), "--output", tmp.resolve("w").toString());
    assertTrue(width.contains(wide + " line 2: expected 2 feature values after the label, found 3"), width);
    assertTrue(width.contains("[model " + model() + ": 2 features"), width);
    assertFalse(Files.exists(tmp.resolve("w")), "partial output left behind");
    width = failure("evaluate", "--model", model(), "--split", "all", "--out", tmp.resolve("never").toString(),
        "data.kind=csv", "data.path=" + wide);
    assertTrue(width.contains(wide + ": expected 2 features, the data has 3 (columns [x1, x2, x3])"), width);

    String format = failure("predict", "--model", model(), "--input", wide.toString(), "--format", "xml", "--output", "o");
    assertTrue(format.contains("--format must be libsvm, csv or parquet, got 'xml'"), format);
    String unknown = failure("predict", "--model", model(), "--input", "points.dat", "--output", "o");
    assertTrue(unknown.contains("--input points.dat: cannot tell the format"), unknown);

    String classes = failure("evaluate", "--model", model(), "--config", conf.toString(), "data.numClasses=3");
    assertTrue(classes.contains("command-line argument 'data.numClasses=3'") && classes.contains("has 5 classes"), classes);
    String split = failure("evaluate", "--model", model(), "--config", conf.toString(), "--split", "test");
    assertTrue(split.contains("--split test") && split.contains("has no test set"), split);
    String splitName = failure("evaluate", "--model", model(), "--split", "holdout");
    assertTrue(splitName.contains("--split must be one of train, validation, test, all, got 'holdout'"), splitName);
  }

  @Test
  void predictOverwriteKeepsTheOldPredictionsWhenTheNewInputFailsAndRefusesAnEmptyInput() throws IOException {
    Path csv = csvFile("kept.csv", Peaks.sample(5, 41));
    Path out = tmp.resolve("predictions-kept");
    assertEquals(0, CliRun.of("predict", "--model", model(), "--input", csv.toString(), "--output", out.toString()).code());
    long before = spark.read().option("header", "true").csv(out.toString()).count();

    Path bad = tmp.resolve("bad-row.csv");
    Files.write(bad, List.of("label,x1,x2", "0,0.1,0.2", "1,NaN,0.5"));
    String refused = failure("predict", "--model", model(), "--input", bad.toString(), "--output", out.toString(),
        "--overwrite");
    assertTrue(refused.contains(bad + " line 3"), refused);
    assertEquals(before, spark.read().option("header", "true").csv(out.toString()).count(), "old predictions lost");

    Path empty = Files.createDirectories(tmp.resolve("empty-folder"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    String none = failure("predict", "--model", model(), "--input", empty.toString(), "--format", "csv", "--output",
        out.toString(), "--overwrite");
    assertTrue(none.contains(empty + ": no data files"), none);
    Path noRows = tmp.resolve("no-rows.parquet");
    spark.createDataFrame(List.of(), DataTypes.createStructType(List.of(
        DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)))).write().parquet(noRows.toString());
    String noExamples = failure("predict", "--model", model(), "--input", noRows.toString(), "--output", out.toString(),
        "--overwrite");
    assertTrue(noExamples.contains("--input " + noRows + ": no examples"), noExamples);
    assertEquals(before, spark.read().option("header", "true").csv(out.toString()).count());
    try (var left = Files.list(tmp)) {
      assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".predictions-kept.tmp-")), "staging left");
    }
  }

  @Test
  void aDamagedModelAndAnOccupiedOutputFolderAreOneLineExitTwoErrors() throws IOException {
    Path damaged = tmp.resolve("damaged-model");
    Files.createDirectories(damaged);
    Files.copy(trained.resolve("model/metadata.json"), damaged.resolve("metadata.json"));
    byte[] weights = Files.readAllBytes(trained.resolve("model/weights.bin"));
    java.nio.ByteBuffer.wrap(weights).putDouble(12, Double.NaN);
    Files.write(damaged.resolve("weights.bin"), weights);
    String nan = failure("evaluate", "--model", damaged.toString(), "--config", conf.toString());
    assertEquals("layerbraid: " + damaged.resolve("weights.bin") + ": parameter 0 is NaN", nan);
    String predicted = failure("predict", "--model", damaged.toString(), "--input", "x.csv", "--output",
        tmp.resolve("never").toString());
    assertEquals(nan, predicted);

    String again = failure("train", "--config", conf.toString(), "--out", trained.toString());
    assertTrue(again.contains("--out " + trained + " holds the results of an earlier run") && again.contains("--overwrite"),
        again);
    String evaluateIntoRun = failure("evaluate", "--model", model(), "--config", conf.toString(), "--out", trained.toString());
    assertTrue(evaluateIntoRun.contains("holds the results of 'layerbraid train'"), evaluateIntoRun);
  }

  @Test
  void aTrainRunsFilesAllComeFromTheSameRunAndADivergedRunKeepsThem() throws IOException {
    String runId = (String) MetricsWriter.readMetrics(trained.resolve("metrics.json")).get("run_id");
    assertNotNull(runId);
    CliRun diverged = CliRun.of("train", "--config", conf.toString(), "--out", trained.toString(), "--overwrite",
        "train.learningRate=1e6", "train.epochs=3");
    assertEquals(3, diverged.code(), "stderr: " + diverged.err());
    String err = ConsoleLines.withoutStartup(diverged.err());
    assertTrue(err.startsWith("layerbraid: training diverged at level 1 (4 layers)") && err.lines().count() == 1, err);
    assertEquals(runId, MetricsWriter.readMetrics(trained.resolve("metrics.json")).get("run_id"), "the good run was replaced");
    assertEquals(runId, ModelFiles.load(model(), new Configuration()).info().path("run_id").asText());
    assertTrue(Files.readString(trained.resolve(OutputFolder.MANIFEST)).contains(runId));
  }
}
