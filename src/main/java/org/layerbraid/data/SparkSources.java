package org.layerbraid.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Data Spark reads — LIBSVM, CSV, Parquet, from any Hadoop path, a table, or an ML {@code Dataset} —
 * turned into {@link Examples} blocks, one per partition. Every row is validated on the executors;
 * a bad one fails the load with a {@link DataException} naming file, line (or row, or record) and
 * expectation. A class count of 0 is taken from the labels, as Spark ML's classifiers take it:
 * the largest label + 1.
 */
public final class SparkSources {
  private SparkSources() {}

  /** Validated rows not yet cut into blocks; {@code source} names them in messages. */
  /** @param dimOrigin how the feature count was found when the data had to say it, for the load description; else null */
  record Rows(JavaRDD<LabeledRow> rows, int dim, int numClasses, String source, String dimOrigin) {
    Rows(JavaRDD<LabeledRow> rows, int dim, int numClasses, String source) {
      this(rows, dim, numClasses, source, null);
    }
  }

  /** LIBSVM rows; without {@code numFeatures} the dimension is the largest index present. */
  public static JavaRDD<Examples> libsvm(JavaSparkContext sc, String path, OptionalInt numFeatures,
      int numClasses, int numPartitions) {
    return blocks(textRows(sc, path, LibsvmFormat.INSTANCE, numFeatures, numClasses), numPartitions);
  }

  /** CSV files through Spark's CSV reader, labels and features in the given columns. */
  public static JavaRDD<Examples> csv(SparkSession spark, String path, DataSpec.Columns columns, OptionalInt numFeatures,
      int numClasses, int numPartitions) {
    return blocks(csvRows(spark, path, columns, numFeatures, numClasses), numPartitions);
  }

  /** Parquet with a vector (or numeric array) column {@code features} and a numeric {@code label}. */
  public static JavaRDD<Examples> parquet(SparkSession spark, String path, OptionalInt numFeatures,
      int numClasses, int numPartitions) {
    return blocks(parquetRows(spark, path, DataSpec.Columns.DEFAULT, numFeatures, numClasses), numPartitions);
  }

  /**
   * One block per partition of {@code ds}, keeping its partitioning (an Estimator's input decides
   * its own layout). Lazy: rows are validated when the blocks are computed; pass the result through
   * {@link #cacheAndCheck} to have a bad row surface as a {@link DataException} right away.
   */
  public static JavaRDD<Examples> toBlocks(Dataset<Row> ds, String featuresCol, String labelCol, int numClasses) {
    Rows r = datasetRows(ds, List.of(featuresCol), labelCol, OptionalInt.empty(), numClasses, "Dataset", null);
    int dim = r.dim();
    return r.rows().mapPartitions(it -> List.of(Blocks.fromRows(it, dim, numClasses)).iterator(), true);
  }

  /** Caches the blocks and computes them now, so that invalid data fails here with its own message. */
  public static JavaRDD<Examples> cacheAndCheck(JavaRDD<Examples> blocks) {
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    SparkErrors.unwrap(blocks::count);
    return blocks;
  }

  /**
   * The rows with their class count: as stated, or the largest label + 1, which takes a pass over
   * the rows (cached for the passes that follow).
   */
  static Rows withClassCount(Rows r) {
    if (r.numClasses() > 0) return r;
    r.rows().persist(StorageLevel.MEMORY_AND_DISK());
    int largest = SparkErrors.unwrap(() -> r.rows().map(LabeledRow::label).fold(-1, Math::max));
    if (largest < 0) throw new DataException(r.source() + ": no examples");
    if (largest == 0) {
      throw new DataException(r.source() + ": every label is 0; a classifier needs labels of at least 2 classes"
          + " (0-based class indices)");
    }
    return new Rows(r.rows(), r.dim(), largest + 1, r.source(), r.dimOrigin());
  }

  /** Cuts validated rows into {@code n} contiguous blocks of (almost) equal size, cached. */
  static JavaRDD<Examples> blocks(Rows r, int n) {
    JavaRDD<LabeledRow> rows = r.rows().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long total = SparkErrors.unwrap(rows::count);
      if (total == 0) throw new DataException(r.source() + ": no examples");
      Blocks.checkCut(total, n, r.source());
      int dim = r.dim();
      int k = r.numClasses();
      JavaRDD<Examples> blocks = rows.zipWithIndex()
          .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
          .repartitionAndSortWithinPartitions(new ContiguousPartitioner(n, total))
          .mapPartitions(it -> List.of(Blocks.fromRows(values(it), dim, k)).iterator(), true);
      return cacheAndCheck(blocks);
    } finally {
      rows.unpersist(false);
    }
  }

  private static Iterator<LabeledRow> values(Iterator<Tuple2<Long, LabeledRow>> it) {
    return new Iterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public LabeledRow next() { return it.next()._2(); }
    };
  }

  static Rows textRows(JavaSparkContext sc, String path, LineFormat format, OptionalInt numFeatures, int numClasses) {
    JavaRDD<NumberedLines.Line> data = dataLines(sc, path, format);
    int dim = numFeatures.orElse(-1);
    if (dim <= 0) {
      List<NumberedLines.Line> first = SparkErrors.unwrap(() -> data.take(1));
      if (first.isEmpty()) throw new DataException(path + ": no examples; expected " + format.expectation());
      NumberedLines.Line line = first.get(0);
      dim = format.featureCount(line.text(), new Position(line.file(), "line").at(line.number()));
    }
    int d = dim;
    JavaRDD<LabeledRow> rows = data.map(l -> format.parse(l.text(), d, numClasses, new Position(l.file(), "line").at(l.number())));
    if (d > 0) return withClassCount(new Rows(rows, d, numClasses, path));
    // A sparse format without a stated dimension: the largest index sets it, which needs one pass.
    rows.persist(StorageLevel.MEMORY_AND_DISK());
    LargestIndex largest = SparkErrors.unwrap(() -> data.map(l -> {
      LabeledRow r = format.parse(l.text(), d, numClasses, new Position(l.file(), "line").at(l.number()));
      int top = r.indices().length == 0 ? 0 : r.indices()[r.indices().length - 1] + 1;
      return new LargestIndex(top, 1, l.file() + " line " + l.number());
    }).reduce(LargestIndex::max));
    if (largest.index() == 0) throw new DataException(path + ": no feature values in any row");
    // Not refused: in sparse data a rare feature may well appear once. But a stray index would
    // silently widen the model, so the load description names the row.
    String origin = "features: the largest index, as data.numFeatures = 0 asks" + (largest.rows() == 1
        ? "; only " + largest.at() + " has index " + largest.index() + " (set data.numFeatures if that is a mistake)" : "");
    return withClassCount(new Rows(rows, largest.index(), numClasses, path, origin));
  }

  /** The largest feature index of a set of rows, how many rows reach it, and where the first of them is. */
  private record LargestIndex(int index, long rows, String at) implements java.io.Serializable {
    static LargestIndex max(LargestIndex a, LargestIndex b) {
      if (a.index != b.index) return a.index > b.index ? a : b;
      return new LargestIndex(a.index, a.rows + b.rows, a.at);
    }
  }

  /**
   * CSV through Spark's reader (quoting, header, any delimiter), every field read as text and then
   * checked here, so that a bad value is named with its column and record. Without a header the
   * columns are named by their 1-based position.
   */
  static Rows csvRows(SparkSession spark, String path, DataSpec.Columns columns, OptionalInt numFeatures, int numClasses) {
    String qualified = HadoopPaths.qualifyExisting(JavaSparkContext.fromSparkContext(spark.sparkContext()), path);
    Dataset<Row> ds;
    try {
      ds = spark.read().option("header", columns.header()).option("sep", columns.delimiter()).csv(path);
    } catch (RuntimeException e) {
      throw new DataException(path + ": cannot read as CSV: " + e.getMessage(), e);
    }
    if (ds.columns().length == 0) throw new DataException(path + ": empty; expected CSV rows");
    if (!columns.header()) {
      String[] positions = new String[ds.columns().length];
      for (int i = 0; i < positions.length; i++) positions[i] = Integer.toString(i + 1);
      ds = ds.toDF(positions);
    }
    List<String> names = Arrays.asList(ds.columns());
    String label = columns.label();
    List<String> features = columns.features().isEmpty()
        ? names.stream().filter(n -> !n.equals(label)).toList() : columns.features();
    for (String c : concat(label, features)) {
      if (!names.contains(c)) {
        throw new DataException(path + ": no column '" + c + "' among " + names
            + (columns.header() ? "" : " (without a header, columns are named by their 1-based position)"));
      }
    }
    if (features.isEmpty()) throw new DataException(path + ": no feature columns besides the label '" + label + "'");
    int dim = features.size();
    if (numFeatures.isPresent() && numFeatures.getAsInt() != dim) {
      throw new DataException(path + ": expected " + numFeatures.getAsInt() + " features, the data has " + dim
          + " (columns " + features + ")");
    }
    List<Column> cols = new ArrayList<>(List.of(col("_metadata.file_path")));
    for (String c : concat(label, features)) cols.add(col("`" + c + "`"));
    String[] featureNames = features.toArray(String[]::new);
    JavaRDD<LabeledRow> rows = ds.select(cols.toArray(Column[]::new)).javaRDD().map(row -> {
      Position at = new Position(HadoopPaths.display(row.getString(0), qualified, path), "record").at(row, 1);
      if (row.isNullAt(1)) throw at.error("label is empty; expected " + Fields.classRange(numClasses));
      int y = Fields.label(row.getString(1), numClasses, at);
      double[] x = new double[featureNames.length];
      for (int j = 0; j < x.length; j++) {
        String what = "column '" + featureNames[j] + "'";
        if (row.isNullAt(j + 2)) throw at.error(what + " is empty; expected a finite number");
        x[j] = Fields.finite(row.getString(j + 2), what, at);
      }
      return LabeledRow.dense(y, x);
    });
    return withClassCount(new Rows(rows, dim, numClasses, path));
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  /** The lines of a text path that hold examples (no blank lines, no headers); a file without any fails. */
  static JavaRDD<NumberedLines.Line> dataLines(JavaSparkContext sc, String path, LineFormat format) {
    NumberedLines text = NumberedLines.read(sc, path);
    if (!text.emptyFiles.isEmpty()) {
      throw new DataException(text.emptyFiles.get(0) + ": empty file; expected " + format.expectation());
    }
    if (text.files.isEmpty()) {
      throw new DataException(path + ": no data files (an empty folder, or only hidden files); expected "
          + format.expectation());
    }
    for (NumberedLines.FileInfo f : text.files) {
      boolean header = f.firstLine() != null && !f.firstLine().isBlank() && format.isHeader(f.firstLine());
      if (f.nonBlank() - (header ? 1 : 0) <= 0) {
        throw new DataException(f.file() + ": empty file; expected " + format.expectation());
      }
    }
    return text.lines.filter(l -> !l.text().isBlank() && !(l.number() == 1 && format.isHeader(l.text())));
  }

  static Rows parquetRows(SparkSession spark, String path, DataSpec.Columns columns, OptionalInt numFeatures,
      int numClasses) {
    String qualified = HadoopPaths.qualifyExisting(JavaSparkContext.fromSparkContext(spark.sparkContext()), path);
    return withClassCount(datasetRows(readParquet(spark, path), featureColumns(columns), columns.label(), numFeatures,
        numClasses, path, new String[] {qualified, path}));
  }

  /** A table of the session's catalog ({@code spark.read().table}), e.g. a Hive or Delta table. */
  static Rows tableRows(SparkSession spark, String table, DataSpec.Columns columns, OptionalInt numFeatures,
      int numClasses) {
    Dataset<Row> ds;
    try {
      ds = spark.read().table(table);
      ds.schema(); // a missing table shows only when the plan is analysed
    } catch (Exception e) { // AnalysisException is a checked exception that Scala code throws undeclared
      throw new DataException("table " + table + ": cannot read: " + e.getMessage(), e);
    }
    return withClassCount(datasetRows(ds, featureColumns(columns), columns.label(), numFeatures, numClasses,
        "table " + table, null));
  }

  private static List<String> featureColumns(DataSpec.Columns columns) {
    return columns.features().isEmpty() ? List.of("features") : columns.features();
  }

  static Dataset<Row> readParquet(SparkSession spark, String path) {
    try {
      return spark.read().parquet(path);
    } catch (RuntimeException e) {
      throw new DataException(path + ": cannot read as Parquet: " + e.getMessage(), e);
    }
  }

  /**
   * @param fileNames when non-null, {qualified path, user path}: the data came from files, whose
   *     names and row indices Spark's {@code _metadata} column supplies for messages
   */
  static Rows datasetRows(Dataset<Row> ds, List<String> featureCols, String labelCol, OptionalInt numFeatures,
      int numClasses, String source, String[] fileNames) {
    StructType schema = ds.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    String expected = featureCols.size() == 1
        ? "expected a vector column '" + featureCols.get(0) + "' and a numeric column '" + labelCol + "'"
        : "expected numeric columns " + featureCols + " and '" + labelCol + "'";
    for (String c : concat(labelCol, featureCols)) {
      if (!names.contains(c)) throw new DataException(source + ": no column '" + c + "' among " + names + "; " + expected);
    }
    checkLabelType(schema, labelCol, numClasses, source);
    Column features;
    boolean isVector = false;
    if (featureCols.size() == 1) {
      features = col("`" + featureCols.get(0) + "`");
      isVector = checkFeaturesType(schema, featureCols.get(0), source);
    } else {
      // Numeric columns side by side, as one array column (what VectorAssembler would make a vector of).
      Column[] parts = new Column[featureCols.size()];
      for (int j = 0; j < parts.length; j++) {
        DataType t = schema.apply(featureCols.get(j)).dataType();
        if (!(t instanceof NumericType)) {
          throw new DataException(source + ": column '" + featureCols.get(j) + "' has type " + t.simpleString()
              + "; expected a number (several feature columns are put side by side)");
        }
        parts[j] = col("`" + featureCols.get(j) + "`").cast("double");
      }
      features = functions.array(parts);
    }
    Column label = col("`" + labelCol + "`");
    Column[] cols = fileNames == null
        ? new Column[] {features, label}
        : new Column[] {features, label, col("_metadata.file_path"), col("_metadata.row_index")};
    JavaRDD<Row> raw = ds.select(cols).javaRDD();

    int dim = numFeatures.orElse(isVector ? AttributeGroup.fromStructField(schema.apply(featureCols.get(0))).size()
        : featureCols.size() > 1 ? featureCols.size() : -1);
    if (dim <= 0) {
      List<Row> first = SparkErrors.unwrap(() -> raw.take(1));
      if (first.isEmpty()) throw new DataException(source + ": no examples");
      Object f = first.get(0).get(0);
      if (f == null) throw new DataException(source + ": first row has null features");
      dim = f instanceof Vector v ? v.size() : first.get(0).getList(0).size();
    }
    int d = dim;
    JavaRDD<LabeledRow> rows = raw.mapPartitionsWithIndex((p, it) -> {
      Position inPartition = new Position(source + " partition " + p, "row");
      long[] n = {0};
      return new Iterator<LabeledRow>() {
        @Override public boolean hasNext() { return it.hasNext(); }
        @Override public LabeledRow next() {
          Row row = it.next();
          Position at = fileNames == null
              ? inPartition.at(++n[0])
              : new Position(HadoopPaths.display(row.getString(2), fileNames[0], fileNames[1]), "row").at(row.getLong(3) + 1);
          return convert(row, d, numClasses, at);
        }
      };
    }, true);
    return new Rows(rows, d, numClasses, source);
  }

  /** Whether the features column holds vectors (else arrays of numbers); any other type fails. */
  static boolean checkFeaturesType(StructType schema, String featuresCol, String source) {
    DataType ft = schema.apply(featuresCol).dataType();
    boolean isVector = ft.equals(SQLDataTypes.VectorType());
    if (!isVector && !(ft instanceof ArrayType a && a.elementType() instanceof NumericType)) {
      throw new DataException(source + ": column '" + featuresCol + "' has type " + ft.simpleString()
          + "; expected a vector or an array of numbers");
    }
    return isVector;
  }

  static void checkLabelType(StructType schema, String labelCol, int numClasses, String source) {
    DataType lt = schema.apply(labelCol).dataType();
    if (!(lt instanceof NumericType)) {
      throw new DataException(source + ": column '" + labelCol + "' has type " + lt.simpleString()
          + "; expected numeric labels, " + Fields.classRange(numClasses));
    }
  }

  private static LabeledRow convert(Row row, int dim, int numClasses, Position at) {
    return LabeledRow.dense(label(row, 1, numClasses, at), features(row, 0, dim, at));
  }

  /** Field {@code i} of a row whose features column passed {@link #checkFeaturesType}, checked value by value. */
  static double[] features(Row row, int i, int dim, Position at) {
    Object f = row.get(i);
    if (f == null) throw at.error("features are null; expected " + dim + " feature values");
    double[] x;
    if (f instanceof Vector v) {
      x = v.toArray();
    } else {
      List<Object> list = row.getList(i);
      x = new double[list.size()];
      for (int j = 0; j < x.length; j++) {
        if (list.get(j) == null) throw at.error("feature " + (j + 1) + " is null; expected a finite number");
        x[j] = ((Number) list.get(j)).doubleValue();
      }
    }
    if (x.length != dim) throw at.error("expected " + dim + " feature values, found " + x.length);
    for (int j = 0; j < dim; j++) Fields.finite(x[j], "feature " + (j + 1), at);
    return x;
  }

  /** Field {@code i} of a row whose label column passed {@link #checkLabelType}, as a class index. */
  static int label(Row row, int i, int numClasses, Position at) {
    Object label = row.get(i);
    if (label == null) throw at.error("label is null; expected " + Fields.classRange(numClasses));
    return Fields.label(((Number) label).doubleValue(), numClasses, at);
  }
}
