package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
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

class DataSetsTest {
  /** The seed data/peaks-sample.{csv,libsvm} were written with (see data/README.md). */
  static final long SHIPPED_SAMPLE_SEED = 2024;

  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("DataSetsTest").config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static void assertSame(Examples expected, Examples actual) {
    assertEquals(expected.dim(), actual.dim());
    assertEquals(expected.numClasses(), actual.numClasses());
    assertArrayEquals(expected.features(), actual.features());
    assertArrayEquals(expected.labels(), actual.labels());
  }

  @Test
  void peaksSpecGivesTheAuthorsSizesInContiguousBlocks() {
    LoadedData d = DataSets.load(spark, DataSpec.peaks(5), 4);
    assertEquals(4, d.train().getNumPartitions());
    List<Examples> blocks = d.train().collect();
    assertEquals(List.of(1250, 1250, 1250, 1250), blocks.stream().map(Examples::size).toList());
    assertSame(Peaks.sample(1000, 5), Blocks.concat(blocks));
    assertSame(Peaks.sample(40, Peaks.validationSeed(5)), d.validation());
    assertEquals(5000, d.trainSize());
    assertEquals(2, d.dim());
    assertTrue(d.test().isEmpty());
    assertTrue(d.description().startsWith("peaks: 5000 train (1000/class), 200 validation (40/class), seed 5"), d.description());
  }

  @Test
  void driverCopyIsTheBlocksInPartitionOrderFetchedOnce() {
    LoadedData d = DataSets.load(spark, DataSpec.peaks(5), 4);
    List<Examples> copy = d.driverCopy();
    List<Examples> collected = d.train().collect();
    assertEquals(4, copy.size());
    for (int b = 0; b < 4; b++) assertSame(collected.get(b), copy.get(b));
    assertTrue(copy == d.driverCopy(), "kept, not fetched again");
  }

  @Test
  void shippedSampleFilesAreTheGeneratorsOutput() {
    Examples expected = Peaks.sample(40, SHIPPED_SAMPLE_SEED);
    for (String kind : List.of("csv", "libsvm")) {
      DataSpec spec = DataSpec.of(kind, "data/peaks-sample." + kind, 5).withValidationFraction(0).withNumFeatures(2);
      LoadedData d = DataSets.load(spark, spec, 3);
      assertEquals(3, d.train().getNumPartitions());
      assertSame(expected, Blocks.collect(d.train()));
      assertEquals(0, d.validation().size());
    }
  }

  @Test
  void validationSplitIsSeededAndComplete() {
    DataSpec spec = DataSpec.of("csv", "data/peaks-sample.csv", 5).withValidationFraction(0.25).withSeed(9);
    LoadedData a = DataSets.load(spark, spec, 2);
    LoadedData b = DataSets.load(spark, spec, 2);
    assertEquals(200, a.trainSize() + a.validation().size());
    assertTrue(a.validation().size() > 20 && a.validation().size() < 80, "about a quarter: " + a.validation().size());
    assertSame(a.validation(), b.validation());
    assertSame(Blocks.collect(a.train()), Blocks.collect(b.train()));
  }

  @Test
  void separateValidationFile() {
    DataSpec spec = DataSpec.of("libsvm", "data/peaks-sample.libsvm", 5).withValidationPath("data/peaks-sample.csv");
    assertThrows(DataException.class, () -> DataSets.load(spark, spec, 2), "a CSV line is not a LIBSVM line");
    LoadedData d = DataSets.load(spark, DataSpec.of("csv", "data/peaks-sample.csv", 5).withValidationPath("data/peaks-sample.csv"), 2);
    assertEquals(200, d.trainSize());
    assertSame(Peaks.sample(40, SHIPPED_SAMPLE_SEED), d.validation());
  }

  @Test
  void heldOutFilesLoadWithoutTheTrainingData() {
    DataSpec csv = DataSpec.of("csv", "no/such/training.csv", 5).withValidationPath("data/peaks-sample.csv");
    assertTrue(DataSets.loadSeparately(spark, csv, false).isEmpty(), "without a stated feature count the training data decide it");
    DataSets.HeldOut v = DataSets.loadSeparately(spark, csv.withNumFeatures(2), false).orElseThrow();
    assertSame(Peaks.sample(40, SHIPPED_SAMPLE_SEED), v.examples());
    assertEquals("csv data/peaks-sample.csv: 200 validation; 2 features, 5 classes", v.description());
    DataException wide = assertThrows(DataException.class, () -> DataSets.loadSeparately(spark, csv.withNumFeatures(3), false)
        .orElseThrow().examples());
    assertEquals("data/peaks-sample.csv: expected 3 features, the data has 2 (columns [x1, x2])", wide.getMessage());

    assertTrue(DataSets.loadSeparately(spark, DataSpec.of("csv", "data/peaks-sample.csv", 5).withNumFeatures(2), false).isEmpty(),
        "a validation split of the training data");
    assertTrue(DataSets.loadSeparately(spark, csv.withNumFeatures(2), true).isEmpty(), "csv has no test set");
    assertTrue(DataSets.loadSeparately(spark, DataSpec.peaks(1), false).isEmpty());
  }

  @Test
  void statedFeatureCountMustMatch() {
    DataException e = assertThrows(DataException.class, () -> DataSets.load(spark, DataSpec.peaks(1).withNumFeatures(3), 2));
    assertEquals("peaks: expected 3 features, the data has 2", e.getMessage());
  }

  @Test
  void unknownKindListsTheValidOnes() {
    DataException e = assertThrows(DataException.class, () -> DataSpec.of("mnist", "x", 10));
    assertEquals("unknown data kind 'mnist'; valid kinds: peaks, fashion-mnist, libsvm, csv, parquet, table, indian-pines", e.getMessage());
  }

  @Test
  void specRejectsNonsense() {
    assertThrows(DataException.class, () -> DataSpec.of("csv", null, 3));
    assertThrows(DataException.class, () -> DataSpec.of("csv", "x.csv", 1));
    assertThrows(DataException.class, () -> DataSpec.of("fashion-mnist", null, 0).withColumns(
        new DataSpec.Columns("label", List.of("label"), true, ",")));
    assertThrows(DataException.class, () -> DataSpec.of("peaks", null, 4));
    assertThrows(DataException.class, () -> DataSpec.peaks(1).withValidationFraction(1));
  }

  @Test
  void indianPinesFolderWithAndWithoutValidationFiles() throws IOException {
    Files.writeString(dir.resolve(IndianPines.TRAIN_FEATURES), "1 2 3\n4 5 6\n7 8 9\n10 11 12\n");
    Files.writeString(dir.resolve(IndianPines.TRAIN_LABELS), "1 0\n0 1\n1 0\n0 1\n");
    DataSpec spec = DataSpec.of("indian-pines", dir.toString(), 2).withNumFeatures(3).withValidationFraction(0.5).withSeed(3);
    LoadedData split = DataSets.load(spark, spec, 2);
    assertEquals(2, split.trainSize());
    assertEquals(2, split.validation().size());
    Examples all = Blocks.concat(List.of(Blocks.collect(split.train()), split.validation()));
    double sum = 0;
    for (double v : all.features()) sum += v;
    assertEquals(78, sum, "train and validation partition the four rows");
    assertTrue(DataSets.loadSeparately(spark, spec, false).isEmpty(), "no validation files yet");

    Files.writeString(dir.resolve(IndianPines.VALIDATION_FEATURES), "0 0 1\n");
    Files.writeString(dir.resolve(IndianPines.VALIDATION_LABELS), "0 1\n");
    LoadedData files = DataSets.load(spark, spec, 2);
    assertEquals(4, files.trainSize());
    assertArrayEquals(new double[] {0, 0, 1}, files.validation().features());
    assertArrayEquals(new int[] {1}, files.validation().labels());
    DataSets.HeldOut alone = DataSets.loadSeparately(spark, spec, false).orElseThrow();
    assertSame(files.validation(), alone.examples());
    assertEquals("indian-pines 1 validation (" + dir.resolve(IndianPines.VALIDATION_FEATURES) + "); 3 features, 2 classes",
        alone.description());
  }

  @Test
  void fashionMnistFromTheDebianPackage() {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "dataset-fashion-mnist not installed");
    LoadedData d = DataSets.load(spark, DataSpec.of("fashion-mnist", null, 0).withValidationFraction(1.0 / 6), 2);
    assertEquals(50000, d.trainSize());
    assertEquals(10000, d.validation().size());
    assertEquals(10000, d.test().orElseThrow().size());
    assertEquals(784, d.dim());
    DataSpec spec = DataSpec.of("fashion-mnist", null, 0);
    DataSets.HeldOut test = DataSets.loadSeparately(spark, spec, true).orElseThrow();
    assertSame(d.test().orElseThrow(), test.examples());
    assertTrue(DataSets.loadSeparately(spark, spec, false).isEmpty(), "validation is split off the training images");
    DataException e = assertThrows(DataException.class, () -> DataSets.loadSeparately(spark, spec.withNumFeatures(2), true));
    assertEquals("fashion-mnist: expected 2 features, the data has 784", e.getMessage());
  }

  @Test
  void javaSparkContextEntryPointReusesTheContext() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LoadedData d = DataSets.load(sc, DataSpec.peaks(2).withPeaksSizes(10, 2), 5);
    assertEquals(5, d.train().getNumPartitions());
    assertEquals(50, d.trainSize());
  }

  // ---- Parquet and ML Datasets

  private static final StructType VECTORS = new StructType()
      .add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);

  private String parquet(String name, List<Row> rows, StructType schema) {
    String p = dir.resolve(name).toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(p);
    return p;
  }

  private static Row vec(double label, double... x) {
    return RowFactory.create(Vectors.dense(x), label);
  }

  @Test
  void parquetLoadsVectorsAndArrays() {
    String p = parquet("v.parquet", List.of(vec(1, 0.5, 1), vec(0, 2, 3), vec(2, -1, 0)), VECTORS);
    Examples e = Blocks.collect(SparkSources.parquet(spark, p, OptionalInt.empty(), 3, 2));
    assertArrayEquals(new double[] {0.5, 1, 2, 3, -1, 0}, e.features());
    assertArrayEquals(new int[] {1, 0, 2}, e.labels());

    StructType arrays = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType);
    String q = parquet("a.parquet", List.of(RowFactory.create(List.of(0.5f, 0.25f).toArray(), 1)), arrays);
    Examples f = Blocks.collect(SparkSources.parquet(spark, q, OptionalInt.of(2), 2, 1));
    assertArrayEquals(new double[] {0.5, 0.25}, f.features());
  }

  private String parquetError(List<Row> rows, StructType schema, OptionalInt nf) {
    String p = parquet("bad.parquet", rows, schema);
    String msg = assertThrows(DataException.class, () -> SparkSources.parquet(spark, p, nf, 3, 1)).getMessage();
    return msg.replaceFirst("file:\\S*/bad\\.parquet/part-\\S*\\.parquet", "PART");
  }

  @Test
  void parquetWrongFeatureCountNamesFileAndRow() {
    assertEquals("PART row 3: expected 2 feature values, found 1",
        parquetError(List.of(vec(0, 1, 2), vec(1, 3, 4), vec(2, 5)), VECTORS, OptionalInt.empty()));
  }

  @Test
  void parquetNaNAndLabels() {
    assertEquals("PART row 2: feature 2 is NaN; expected a finite number",
        parquetError(List.of(vec(0, 1, 2), vec(1, 3, Double.NaN)), VECTORS, OptionalInt.empty()));
    assertEquals("PART row 1: label 3 is out of range; expected a 0-based class index 0..2",
        parquetError(List.of(vec(3, 1, 2)), VECTORS, OptionalInt.empty()));
    assertEquals("PART row 1: label 0.5 is not an integer; expected a 0-based class index 0..2",
        parquetError(List.of(vec(0.5, 1, 2)), VECTORS, OptionalInt.empty()));
  }

  @Test
  void parquetSchemaProblems() {
    StructType noLabel = new StructType().add("features", SQLDataTypes.VectorType()).add("y", DataTypes.DoubleType);
    String p = parquet("nolabel.parquet", List.of(RowFactory.create(Vectors.dense(1), 0.0)), noLabel);
    assertEquals(p + ": no column 'label' among [features, y]; expected a vector column 'features' and a numeric column 'label'",
        assertThrows(DataException.class, () -> SparkSources.parquet(spark, p, OptionalInt.empty(), 2, 1)).getMessage());
    StructType textLabel = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.StringType);
    String q = parquet("text.parquet", List.of(RowFactory.create(Vectors.dense(1), "cat")), textLabel);
    assertEquals(q + ": column 'label' has type string; expected numeric labels, a 0-based class index 0..1",
        assertThrows(DataException.class, () -> SparkSources.parquet(spark, q, OptionalInt.empty(), 2, 1)).getMessage());
  }

  @Test
  void parquetEmptyAndMissing() {
    String p = parquet("empty.parquet", List.of(), VECTORS);
    assertEquals(p + ": no examples",
        assertThrows(DataException.class, () -> SparkSources.parquet(spark, p, OptionalInt.empty(), 2, 1)).getMessage());
    String m = dir.resolve("missing.parquet").toString();
    assertEquals(m + ": no such file or directory",
        assertThrows(DataException.class, () -> SparkSources.parquet(spark, m, OptionalInt.empty(), 2, 1)).getMessage());
  }

  @Test
  void datasetToBlocksKeepsItsPartitions() {
    Dataset<Row> ds = spark.createDataFrame(List.of(vec(0, 1, 2), vec(1, 3, 4), vec(1, 5, 6)), VECTORS).repartition(1);
    List<Examples> blocks = SparkSources.toBlocks(ds, "features", "label", 2).collect();
    assertEquals(1, blocks.size());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, blocks.get(0).features());
    assertArrayEquals(new int[] {0, 1, 1}, blocks.get(0).labels());
  }

  @Test
  void datasetErrorsSurfaceThroughCacheAndCheck() {
    Dataset<Row> ds = spark.createDataFrame(List.of(vec(0, 1, 2), vec(5, 3, 4)), VECTORS).coalesce(1);
    DataException e = assertThrows(DataException.class,
        () -> SparkSources.cacheAndCheck(SparkSources.toBlocks(ds, "features", "label", 2)));
    assertEquals("Dataset partition 0 row 2: label 5 is out of range; expected a 0-based class index 0..1", e.getMessage());
  }

  // ---- Counts from the data, configurable columns, tables

  @Test
  void theShippedSampleLoadsWithNoCountsStated() {
    for (String kind : List.of("libsvm", "csv")) {
      LoadedData d = DataSets.load(spark, DataSpec.of(kind, "data/peaks-sample." + kind, 0).withValidationFraction(0), 2);
      assertEquals(2, d.dim(), kind);
      assertEquals(5, d.numClasses(), kind + ": labels 0..4");
      assertSame(Peaks.sample(40, SHIPPED_SAMPLE_SEED), Blocks.collect(d.train()));
    }
  }

  @Test
  void aSeparateValidationFileIsReadWithTheTrainingDatasClassCount() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("t.csv"), "label,x\n0,1\n1,2\n");
    java.nio.file.Files.writeString(dir.resolve("v.csv"), "label,x\n1,3\n2,4\n");
    DataSpec spec = DataSpec.of("csv", dir.resolve("t.csv").toString(), 0).withValidationPath(dir.resolve("v.csv").toString());
    DataException e = assertThrows(DataException.class, () -> DataSets.load(spark, spec, 1));
    assertTrue(e.getMessage().endsWith("v.csv record '2,4': label 2 is out of range; expected a 0-based class index 0..1"),
        e.getMessage());
  }

  @Test
  void parquetColumnsAreConfigurable() {
    StructType named = new StructType().add("y", DataTypes.IntegerType).add("f", SQLDataTypes.VectorType());
    String p = parquet("named.parquet", List.of(RowFactory.create(2, Vectors.dense(1, 2)), RowFactory.create(0,
        Vectors.dense(3, 4))), named);
    DataSpec spec = DataSpec.of("parquet", p, 0).withValidationFraction(0)
        .withColumns(new DataSpec.Columns("y", List.of("f"), true, ","));
    LoadedData d = DataSets.load(spark, spec, 1);
    assertEquals(3, d.numClasses(), "largest label 2");
    Examples e = Blocks.collect(d.train());
    assertArrayEquals(new double[] {1, 2, 3, 4}, e.features());
    assertArrayEquals(new int[] {2, 0}, e.labels());
  }

  @Test
  void severalNumericColumnsArePutSideBySide() {
    StructType flat = new StructType().add("a", DataTypes.DoubleType).add("kind", DataTypes.LongType)
        .add("b", DataTypes.IntegerType).add("note", DataTypes.StringType);
    String p = parquet("flat.parquet", List.of(RowFactory.create(0.5, 1L, 7, "x"), RowFactory.create(-1.0, 0L, 8, "y")), flat);
    DataSpec.Columns columns = new DataSpec.Columns("kind", List.of("b", "a"), true, ",");
    Examples e = Blocks.collect(DataSets.load(spark, DataSpec.of("parquet", p, 0).withValidationFraction(0)
        .withColumns(columns), 1).train());
    assertArrayEquals(new double[] {7, 0.5, 8, -1}, e.features());
    assertArrayEquals(new int[] {1, 0}, e.labels());
    DataException text = assertThrows(DataException.class, () -> DataSets.load(spark, DataSpec.of("parquet", p, 0)
        .withColumns(new DataSpec.Columns("kind", List.of("a", "note"), true, ",")), 1));
    assertEquals(p + ": column 'note' has type string; expected a number (several feature columns are put side by side)",
        text.getMessage());
  }

  @Test
  void aTableOfTheCatalogIsReadByName() {
    StructType t = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    spark.createDataFrame(List.of(RowFactory.create(1.0, Vectors.dense(5, 6)), RowFactory.create(0.0, Vectors.dense(7, 8))), t)
        .coalesce(1).createOrReplaceTempView("peaks_rows");
    LoadedData d = DataSets.load(spark, DataSpec.of("table", "peaks_rows", 0).withValidationFraction(0), 1);
    assertArrayEquals(new double[] {5, 6, 7, 8}, Blocks.collect(d.train()).features());
    assertEquals(2, d.numClasses());
    assertTrue(d.description().startsWith("table peaks_rows: 2 train"), d.description());
    DataException missing = assertThrows(DataException.class,
        () -> DataSets.load(spark, DataSpec.of("table", "no_such_table", 0), 1));
    assertTrue(missing.getMessage().startsWith("table no_such_table: cannot read: "), missing.getMessage());
  }
}
