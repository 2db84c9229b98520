package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LIBSVM (read line by line) and CSV (through Spark's CSV reader), checked against rows worked out by hand. */
class TextSourcesTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("TextSourcesTest").config("spark.ui.enabled", "false")
        .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Without a header, as the old hand-written reader took files: label first, columns named 1, 2, ... */
  private static final DataSpec.Columns NO_HEADER = new DataSpec.Columns("1", List.of(), false, ",");

  private String write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text).toString();
  }

  private static final OptionalInt ANY = OptionalInt.empty();

  @Test
  void csvWithHeaderLoadsIntoContiguousBlocks() throws IOException {
    String p = write("x.csv", "label,a,b\n0,1.5,2\n\n2,-3,4e1\n1, 5 ,6\n");
    JavaRDD<Examples> blocks = SparkSources.csv(spark, p, DataSpec.Columns.DEFAULT, ANY, 3, 2);
    List<Examples> parts = blocks.collect();
    assertEquals(2, parts.size());
    assertEquals(List.of(2, 1), parts.stream().map(Examples::size).toList());
    Examples all = Blocks.concat(parts);
    assertEquals(2, all.dim());
    assertArrayEquals(new double[] {1.5, 2, -3, 40, 5, 6}, all.features());
    assertArrayEquals(new int[] {0, 2, 1}, all.labels());
  }

  @Test
  void csvWithoutHeaderAndStatedDimension() throws IOException {
    String p = write("x.csv", "1,0.5\n0,0.25\n");
    Examples all = Blocks.collect(SparkSources.csv(spark, p, NO_HEADER, OptionalInt.of(1), 2, 1));
    assertArrayEquals(new double[] {0.5, 0.25}, all.features());
    assertArrayEquals(new int[] {1, 0}, all.labels());
  }

  @Test
  void csvWithDelimiterQuotesLabelLastAndClassesFromTheLabels() throws IOException {
    String p = write("s.csv", "\"x 1\";x2;\"class\"\n0.5;\"-1\";1\n\"2\";3e0;0\n7;8;3\n");
    Examples all = Blocks.collect(SparkSources.csv(spark, p, new DataSpec.Columns("class", List.of(), true, ";"), ANY, 0, 1));
    assertEquals(2, all.dim());
    assertEquals(4, all.numClasses(), "the largest label + 1");
    assertArrayEquals(new double[] {0.5, -1, 2, 3, 7, 8}, all.features());
    assertArrayEquals(new int[] {1, 0, 3}, all.labels());
  }

  @Test
  void csvFeatureColumnsAreChosenAndOrderedByName() throws IOException {
    String p = write("c.csv", "id,b,label,a\n17,2,1,1\n18,4,0,3\n");
    Examples all = Blocks.collect(SparkSources.csv(spark, p, new DataSpec.Columns("label", List.of("a", "b"), true, ","),
        ANY, 0, 1));
    assertArrayEquals(new double[] {1, 2, 3, 4}, all.features());
    assertArrayEquals(new int[] {1, 0}, all.labels());
    assertEquals(p + ": no column 'c' among [id, b, label, a]", assertThrows(DataException.class,
        () -> SparkSources.csv(spark, p, new DataSpec.Columns("label", List.of("c"), true, ","), ANY, 0, 1)).getMessage());
  }

  @Test
  void filesOfADirectoryAreNamedInMessages() throws IOException {
    write("d/a.csv", "0,1\n1,2\n");
    String bad = write("d/b.csv", "0,1\n1,2\n7,3\n");
    String msg = csvError(dir.resolve("d").toString(), ANY, 2);
    assertTrue(msg.matches("file:.*\\Q" + bad + "\\E record '7,3': label 7 is out of range; expected a 0-based class index 0\\.\\.1"), msg);
  }

  private String csvError(String path, OptionalInt nf, int k) {
    return assertThrows(DataException.class, () -> SparkSources.csv(spark, path, NO_HEADER, nf, k, 2)).getMessage();
  }

  private String csvError(String text) throws IOException {
    String p = write("e.csv", text);
    return csvError(p, ANY, 3).replace(p, "e.csv");
  }

  @Test
  void csvShortRowNamesTheEmptyColumn() throws IOException {
    assertEquals("e.csv record '2,5,': column '3' is empty; expected a finite number", csvError("0,1,2\n1,2,3\n2,5\n"));
  }

  @Test
  void csvStatedFeatureCountIsChecked() throws IOException {
    String p = write("e.csv", "0,1,2\n");
    assertEquals(p + ": expected 3 features, the data has 2 (columns [2, 3])", csvError(p, OptionalInt.of(3), 2));
  }

  @Test
  void csvMalformedField() throws IOException {
    assertEquals("e.csv record '1,x,2': column '2': 'x' is not a number", csvError("0,1,2\n1,x,2\n"));
    assertEquals("e.csv record '1,2,': column '3' is empty; expected a finite number", csvError("0,1,2\n1,2,\n"));
  }

  @Test
  void csvNaNAndInfinity() throws IOException {
    assertEquals("e.csv record '1,NaN,3': column '2' is NaN; expected a finite number", csvError("0,1,2\n1,NaN,3\n"));
    assertEquals("e.csv record '0,1,Infinity': column '3' is Infinity; expected a finite number", csvError("0,1,Infinity\n"));
  }

  @Test
  void csvLabelOutOfRangeAndNonInteger() throws IOException {
    assertEquals("e.csv record '3,1,2': label 3 is out of range; expected a 0-based class index 0..2", csvError("0,1,2\n3,1,2\n"));
    assertEquals("e.csv record '-1,1,2': label -1 is out of range; expected a 0-based class index 0..2", csvError("0,1,2\n-1,1,2\n"));
    assertEquals("e.csv record '1.5,1,2': label 1.5 is not an integer; expected a 0-based class index 0..2", csvError("1.5,1,2\n"));
    assertEquals("e.csv record 'cat,1,2': label 'cat' is not a number; expected a 0-based class index 0..2", csvError("cat,1,2\n"));
  }

  @Test
  void csvEmptyAndHeaderOnlyFiles() throws IOException {
    assertEquals("e.csv: empty; expected CSV rows", csvError(""));
    String p = write("h.csv", "label,a,b\n\n");
    assertEquals(p + ": no examples", assertThrows(DataException.class,
        () -> SparkSources.csv(spark, p, DataSpec.Columns.DEFAULT, ANY, 3, 1)).getMessage());
  }

  @Test
  void classesFromTheLabelsNeedTwoOfThem() throws IOException {
    String p = write("z.libsvm", "0 1:1\n0 1:2\n");
    assertEquals(p + ": every label is 0; a classifier needs labels of at least 2 classes (0-based class indices)",
        assertThrows(DataException.class, () -> SparkSources.libsvm(sc, p, ANY, 0, 1)).getMessage());
    Examples three = Blocks.collect(SparkSources.libsvm(sc, write("t.libsvm", "2 1:1\n0 2:1\n"), ANY, 0, 1));
    assertEquals(3, three.numClasses());
  }

  @Test
  void libsvmInfersDimensionAndFillsZeros() throws IOException {
    String p = write("x.libsvm", "1 1:0.5 3:2\n0 2:-1\n\n2\n");
    Examples all = Blocks.collect(SparkSources.libsvm(sc, p, ANY, 3, 3));
    assertEquals(3, all.dim());
    assertArrayEquals(new double[] {0.5, 0, 2, 0, -1, 0, 0, 0, 0}, all.features());
    assertArrayEquals(new int[] {1, 0, 2}, all.labels());
  }

  @Test
  void aLoneLargestLibsvmIndexIsNamedAndAnEmptyFolderIsAClearError() throws IOException {
    String p = write("stray.libsvm", "0 1:0.5 2:1\n1 1:0.25 2:2\n0 1:1 3:7\n");
    SparkSources.Rows rows = SparkSources.textRows(sc, p, LibsvmFormat.INSTANCE, ANY, 2);
    assertEquals(3, rows.dim());
    assertEquals("features: the largest index, as data.numFeatures = 0 asks; only " + p + " line 3 has index 3 (set"
        + " data.numFeatures if that is a mistake)", rows.dimOrigin());
    String refused = assertThrows(DataException.class, () -> SparkSources.libsvm(sc, p, OptionalInt.of(2), 2, 1)).getMessage();
    assertEquals(p + " line 3: feature index 3 exceeds the 2 features expected", refused);

    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve(".hidden"), "x");
    String none = assertThrows(DataException.class, () -> SparkSources.libsvm(sc, empty.toString(), ANY, 2, 1)).getMessage();
    assertTrue(none.startsWith(empty + ": no data files"), none);
  }

  @Test
  void libsvmWithStatedDimensionKeepsTrailingZeros() throws IOException {
    String p = write("x.libsvm", "1 1:0.5\n");
    assertEquals(4, Blocks.collect(SparkSources.libsvm(sc, p, OptionalInt.of(4), 2, 1)).dim());
  }

  @Test
  void missingPath() {
    String p = dir.resolve("nope.csv").toString();
    assertEquals(p + ": no such file or directory", csvError(p, ANY, 2));
    assertEquals(p + ": no such file or directory",
        assertThrows(DataException.class, () -> SparkSources.libsvm(sc, p, ANY, 2, 1)).getMessage());
  }

  private String libsvmError(String text, OptionalInt nf) throws IOException {
    String p = write("e.libsvm", text);
    return assertThrows(DataException.class, () -> SparkSources.libsvm(sc, p, nf, 3, 1)).getMessage().replace(p, "e.libsvm");
  }

  @Test
  void libsvmMalformedItems() throws IOException {
    assertEquals("e.libsvm line 2: item 2: expected index:value, found '2.5'", libsvmError("0 1:1\n1 2.5\n", ANY));
    assertEquals("e.libsvm line 1: item 3: index 'x' is not an integer", libsvmError("0 1:1 x:2\n", ANY));
    assertEquals("e.libsvm line 1: feature 2: 'abc' is not a number", libsvmError("0 1:1 2:abc\n", ANY));
  }

  @Test
  void libsvmIndicesMustBeOneBasedAscendingAndInRange() throws IOException {
    assertEquals("e.libsvm line 1: feature index 0 is below 1; LIBSVM indices are 1-based", libsvmError("0 0:1\n", ANY));
    assertEquals("e.libsvm line 2: feature index 2 follows 3; expected ascending indices", libsvmError("0 1:1\n1 3:1 2:1\n", ANY));
    assertEquals("e.libsvm line 1: feature index 5 exceeds the 4 features expected", libsvmError("0 1:1 5:1\n", OptionalInt.of(4)));
  }

  @Test
  void libsvmNaNAndLabels() throws IOException {
    assertEquals("e.libsvm line 1: feature 2 is NaN; expected a finite number", libsvmError("0 2:NaN\n", ANY));
    assertEquals("e.libsvm line 2: label -1 is out of range; expected a 0-based class index 0..2", libsvmError("1 1:1\n-1 1:2\n", ANY));
    assertEquals("e.libsvm line 1: label 0.5 is not an integer; expected a 0-based class index 0..2", libsvmError("0.5 1:1\n", ANY));
  }

  @Test
  void libsvmEmptyFile() throws IOException {
    assertEquals("e.libsvm: empty file; expected rows 'label index:value ...'", libsvmError("\n \n", ANY));
  }

  @Test
  void writersRoundTripExactly() throws IOException {
    Examples e = Peaks.sample(3, 11);
    Path csv = dir.resolve("w.csv");
    Path svm = dir.resolve("w.libsvm");
    try (var w = Files.newBufferedWriter(csv)) { CsvFormat.write(e, w); }
    try (var w = Files.newBufferedWriter(svm)) { LibsvmFormat.write(e, w); }
    for (Examples back : List.of(Blocks.collect(SparkSources.csv(spark, csv.toString(), DataSpec.Columns.DEFAULT, ANY, 5, 2)),
        Blocks.collect(SparkSources.libsvm(sc, svm.toString(), ANY, 5, 2)))) {
      assertArrayEquals(e.features(), back.features());
      assertArrayEquals(e.labels(), back.labels());
    }
  }
}
