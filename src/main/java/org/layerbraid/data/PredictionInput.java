package org.layerbraid.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Examples to classify, as a DataFrame for a model's {@code transform}: a LIBSVM, CSV or Parquet
 * path read and checked as for training, each row tagged with where it came from. Columns:
 * {@code file} (the input file), {@code line} (text) or {@code row} (Parquet) — 1-based, as in
 * error messages — then the class index {@code label} when the input has one (text formats always
 * do), and the vector {@link #FEATURES}. The frame is lazy: a bad row fails the job that reads it with a
 * {@link DataException} naming file and line, which {@link SparkErrors#unwrap} brings out.
 */
public final class PredictionInput {
  public static final String FEATURES = "features";
  private static final String LABEL = "label";

  private PredictionInput() {}

  /**
   * @param kind libsvm, csv or parquet
   * @param numFeatures the model's input size: every row must have this many values (LIBSVM: no
   *     index above it)
   * @param numClasses the model's classes: labels, where present, must be 0-based indices below it
   */
  public static Dataset<Row> read(SparkSession spark, DataSpec.Kind kind, String path, int numFeatures, int numClasses) {
    return switch (kind) {
      case LIBSVM -> text(spark, LibsvmFormat.INSTANCE, path, numFeatures, numClasses);
      case CSV -> text(spark, CsvFormat.INSTANCE, path, numFeatures, numClasses);
      case PARQUET -> parquet(spark, path, numFeatures, numClasses);
      default -> throw new DataException("cannot predict from " + kind.id() + " data; expected libsvm, csv or parquet");
    };
  }

  private static Dataset<Row> text(SparkSession spark, LineFormat format, String path, int dim, int numClasses) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = SparkSources.dataLines(sc, path, format).map(l -> {
      LabeledRow r = format.parse(l.text(), dim, numClasses, new Position(l.file(), "line").at(l.number()));
      return RowFactory.create(l.file(), l.number(), r.label(), r.vector(dim));
    });
    return spark.createDataFrame(rows, schema("line", true));
  }

  private static Dataset<Row> parquet(SparkSession spark, String path, int dim, int numClasses) {
    String qualified = HadoopPaths.qualifyExisting(JavaSparkContext.fromSparkContext(spark.sparkContext()), path);
    Dataset<Row> ds = SparkSources.readParquet(spark, path);
    StructType schema = ds.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(FEATURES)) {
      throw new DataException(path + ": no column '" + FEATURES + "' among " + names + "; expected a vector column '"
          + FEATURES + "' (and optionally a numeric column '" + LABEL + "')");
    }
    SparkSources.checkFeaturesType(schema, FEATURES, path);
    boolean labelled = names.contains(LABEL);
    if (labelled) SparkSources.checkLabelType(schema, LABEL, numClasses, path);
    List<Column> cols = new ArrayList<>(List.of(col("_metadata.file_path"), col("_metadata.row_index"), col(FEATURES)));
    if (labelled) cols.add(col(LABEL));
    JavaRDD<Row> rows = ds.select(cols.toArray(new Column[0])).javaRDD().map(r -> {
      String file = HadoopPaths.display(r.getString(0), qualified, path);
      long number = r.getLong(1) + 1;
      Position at = new Position(file, "row").at(number);
      double[] x = SparkSources.features(r, 2, dim, at);
      return labelled
          ? RowFactory.create(file, number, SparkSources.label(r, 3, numClasses, at), Vectors.dense(x))
          : RowFactory.create(file, number, Vectors.dense(x));
    });
    return spark.createDataFrame(rows, schema("row", labelled));
  }

  private static StructType schema(String position, boolean labelled) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField("file", DataTypes.StringType, false),
        DataTypes.createStructField(position, DataTypes.LongType, false)));
    if (labelled) fields.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField(FEATURES, SQLDataTypes.VectorType(), false));
    return DataTypes.createStructType(fields);
  }
}
