package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataException;
import org.layerbraid.ml.FeatureStats;
import org.layerbraid.ml.LayerBraidClassificationModel;
import org.layerbraid.ml.LayerBraidTrainingSummary;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * The model {@code evaluate} and {@code predict} are pointed at, on any Hadoop file system: the
 * {@code model/} folder {@code train} writes, a folder saved through the ML API, or a saved
 * {@code PipelineModel} with such a model as a stage. Either way it becomes a
 * {@link LayerBraidClassificationModel}, so that predictions go through that class's transform and
 * a model saved with thresholds keeps them; the stages a pipeline has before it ({@code before},
 * empty otherwise) prepare the features as they did in training.
 */
record SavedModel(String path, List<Transformer> before, LayerBraidClassificationModel model) {

  private static final String EXPECTED = "expected the model/ folder that 'layerbraid train' writes (metadata.json, "
      + "weights.bin), a LayerBraidClassificationModel saved with write().save(path) (metadata/, network/) or a"
      + " PipelineModel with one as a stage (metadata/, stages/)";

  static SavedModel load(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path dir = new Path(path);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) throw new IllegalArgumentException("--model " + path + ": no such folder; " + EXPECTED);
      if (fs.exists(new Path(dir, "metadata.json"))) {
        return new SavedModel(path, List.of(), LayerBraidClassificationModel.fromModelFiles(path, conf));
      }
      if (fs.exists(new Path(dir, "metadata")) && fs.exists(new Path(dir, "network"))) {
        return new SavedModel(path, List.of(), loadMl(path, LayerBraidClassificationModel::load));
      }
      if (fs.exists(new Path(dir, "metadata")) && fs.exists(new Path(dir, "stages"))) {
        return ofPipeline(path, loadMl(path, PipelineModel::load));
      }
      throw new IllegalArgumentException("--model " + path + ": holds neither metadata.json, nor metadata/ with network/"
          + " or stages/; " + EXPECTED);
    } catch (IOException e) {
      throw new UncheckedIOException("--model " + path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Spark's reader fails on a damaged folder with messages that do not name it; this adds the path. */
  private static <T> T loadMl(String path, Function<String, T> load) {
    try {
      return load.apply(path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--model " + path + ": cannot load as a Spark ML model: " + e.getMessage(), e);
    }
  }

  /** The pipeline's last layerbraid model, with the stages before it; the stages after it do not make its predictions. */
  private static SavedModel ofPipeline(String path, PipelineModel pipeline) {
    Transformer[] stages = pipeline.stages();
    for (int i = stages.length - 1; i >= 0; i--) {
      if (stages[i] instanceof LayerBraidClassificationModel m) {
        return new SavedModel(path, List.of(Arrays.copyOf(stages, i)), m);
      }
    }
    throw new IllegalArgumentException("--model " + path + ": a PipelineModel without a LayerBraidClassificationModel"
        + " stage; " + EXPECTED);
  }

  /** The network itself, for evaluating local and distributed blocks of examples; not of a pipeline, whose stages it would skip. */
  ResNet network() {
    if (!before.isEmpty()) {
      throw new IllegalArgumentException("--model " + path + ": a PipelineModel with stages before the layerbraid model,"
          + " which this command would skip; use predict, or evaluate the PipelineModel with the ML API");
    }
    return new ResNet(model.shape(), model.weights());
  }

  int numFeatures() {
    return model.numFeatures();
  }

  int numClasses() {
    return model.numClasses();
  }

  String describe() {
    NetworkShape s = model.shape();
    String stages = before.stream().map(t -> t.getClass().getSimpleName() + ", ").collect(Collectors.joining());
    return path + " (" + (before.isEmpty() ? "" : "pipeline: " + stages + "then ") + s.inputDim() + " features, width "
        + s.width() + ", " + s.depth() + " layers, " + s.numClasses() + " classes)";
  }

  /** The examples as the model takes them: through the pipeline's stages before it, if any. */
  Dataset<Row> prepared(Dataset<Row> examples) {
    Dataset<Row> d = examples;
    for (Transformer t : before) d = t.transform(d);
    return d;
  }

  /**
   * One line for the console when the features that reach the model do not look like those it was
   * trained on ({@link FeatureStats#unlike}); empty when they do, or when the model does not know
   * its training features (the CLI's model/ folder, or a model saved before they were kept).
   */
  Optional<String> featureWarning(Dataset<Row> prepared, String featuresCol) {
    LayerBraidTrainingSummary s = model.hasSummary() ? model.summary() : null;
    if (s == null || s.features() == null) return Optional.empty();
    return s.features().unlike(FeatureStats.of(prepared, featuresCol)).map(why -> "warning: --model " + path + ": " + why
        + (before.isEmpty() ? "; were the features prepared (e.g. scaled) as for training? A saved PipelineModel"
            + " applies its stages before the model" : ""));
  }

  /**
   * Runs a data load; a data error also says what the model expects, since the feature count and
   * class range it names come from the model and not from anything the user typed.
   */
  <T> T reading(Supplier<T> load) {
    try {
      return load.get();
    } catch (DataException e) {
      throw new DataException(e.getMessage() + " [model " + path + ": " + numFeatures() + " features, classes 0.."
          + (numClasses() - 1) + "]", e);
    }
  }
}
