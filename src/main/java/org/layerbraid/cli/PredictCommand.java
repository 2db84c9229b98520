package org.layerbraid.cli;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataException;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.PredictionInput;
import org.layerbraid.data.SparkErrors;
import org.layerbraid.ml.LayerBraidClassificationModel;
import org.layerbraid.model.PathReplacement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify the examples of a LIBSVM, CSV or Parquet path with a saved model or PipelineModel; writes one"
        + " row per example (file, line or row, label when the input has one, prediction, probability_<class>) as CSV or"
        + " Parquet. Warns when the features look unlike those the model was trained on.")
final class PredictCommand implements Callable<Integer> {
  private static final List<DataSpec.Kind> INPUT_FORMATS = List.of(DataSpec.Kind.LIBSVM, DataSpec.Kind.CSV,
      DataSpec.Kind.PARQUET);

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "the model/ folder train writes, a model saved with the ML API, or a saved PipelineModel with one as"
          + " a stage, whose earlier stages read the column 'features' (any Hadoop path)")
  String model;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "file, folder or glob (any Hadoop path)")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "libsvm | csv | parquet (default: from the input's extension .libsvm/.svm, .csv, .parquet)")
  String format;

  @Option(names = "--output", required = true, paramLabel = "PATH", description = "folder Spark writes the predictions to")
  String output;

  @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv (with a header) | parquet")
  String outputFormat;

  @Option(names = "--overwrite", description = "replace --output when it exists: only once the new predictions are"
      + " complete, and only a finished Spark output")
  boolean overwrite;

  @Mixin MasterOption master;

  @Override
  public Integer call() {
    DataSpec.Kind kind = inputKind();
    String writeAs = outputFormat.strip().toLowerCase(Locale.ROOT);
    if (!writeAs.equals("csv") && !writeAs.equals("parquet")) {
      throw new IllegalArgumentException("--output-format must be csv or parquet, got '" + outputFormat + "'");
    }
    try (Spark.Session session = Spark.open("layerbraid predict", master.url)) {
      SparkSession spark = session.spark();
      SavedModel saved = SavedModel.load(spark, model);
      FileSystem fs = new Path(output).getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path target = fs.makeQualified(new Path(output));
      PathReplacement.recover(fs, target);
      if (fs.exists(target)) {
        if (!overwrite) throw new IllegalArgumentException("--output " + output + " exists; pass --overwrite to replace it");
        if (!fs.exists(new Path(target, "_SUCCESS")) && fs.listStatus(target).length > 0) {
          throw new IllegalArgumentException("--output " + output + " is not a finished Spark output (no _SUCCESS file);"
              + " not replacing it, since it may hold files layerbraid did not write");
        }
      }
      Dataset<Row> examples = saved.reading(() -> PredictionInput.read(spark, kind, input, saved.numFeatures(), saved.numClasses()));
      if (saved.reading(() -> SparkErrors.unwrap(examples::isEmpty))) {
        throw new DataException("--input " + input + ": no examples; expected at least one " + kind.id() + " row");
      }
      Dataset<Row> prepared = saved.prepared(examples);
      String featuresCol = saved.before().isEmpty() ? PredictionInput.FEATURES : saved.model().getFeaturesCol();
      saved.reading(() -> SparkErrors.unwrap(() -> saved.featureWarning(prepared, featuresCol)))
          .ifPresent(System.err::println);
      Dataset<Row> predictions = predictions(saved.model(), prepared, featuresCol, examples.columns());
      DataFrameWriter<Row> writer = predictions.write().mode(SaveMode.ErrorIfExists).format(writeAs);
      if (writeAs.equals("csv")) writer.option("header", "true");
      // Written in full beside the output first: a bad row found half-way must not cost the old predictions.
      PathReplacement.write(fs, target, staging -> saved.reading(() -> SparkErrors.unwrap(() -> {
        writer.save(staging.toString());
        return null;
      })));
      System.out.println("predictions of " + input + " (" + kind.id() + ") by " + saved.describe() + " written to "
          + output + " as " + writeAs + ": " + String.join(", ", predictions.columns()));
    } catch (IOException e) {
      throw new UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
    }
    return 0;
  }

  /**
   * The model's own transform adds the probabilities and the prediction (honouring the thresholds
   * of a model saved with them); the prediction is written as the class index it is, the
   * probability vector is spread into one column per class, which CSV can hold, and the features,
   * as read and as a pipeline's stages made them, are left out.
   *
   * @param inputColumns the columns of the examples as read: those but the features are kept
   */
  static Dataset<Row> predictions(LayerBraidClassificationModel model, Dataset<Row> examples, String featuresCol,
      String[] inputColumns) {
    LayerBraidClassificationModel m = model.copy(ParamMap.empty()).setFeaturesCol(featuresCol)
        .setRawPredictionCol("").setProbabilityCol("probability").setPredictionCol("prediction");
    Dataset<Row> scored = m.transform(examples);
    List<Column> cols = new ArrayList<>();
    for (String c : inputColumns) if (!c.equals(PredictionInput.FEATURES)) cols.add(col(c));
    cols.add(col("prediction").cast("int"));
    Column p = functions.vector_to_array(col("probability"), "float64");
    for (int k = 0; k < m.numClasses(); k++) cols.add(p.getItem(k).as("probability_" + k));
    return scored.select(cols.toArray(new Column[0]));
  }

  private DataSpec.Kind inputKind() {
    if (format != null) {
      return INPUT_FORMATS.stream().filter(f -> f.id().equalsIgnoreCase(format.strip())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--format must be libsvm, csv or parquet, got '" + format + "'"));
    }
    String name = input.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
    if (name.endsWith(".libsvm") || name.endsWith(".svm")) return DataSpec.Kind.LIBSVM;
    if (name.endsWith(".csv")) return DataSpec.Kind.CSV;
    if (name.endsWith(".parquet")) return DataSpec.Kind.PARQUET;
    throw new IllegalArgumentException("--input " + input + ": cannot tell the format from the name (.libsvm, .svm, .csv, "
        + ".parquet); give --format libsvm, csv or parquet");
  }
}
