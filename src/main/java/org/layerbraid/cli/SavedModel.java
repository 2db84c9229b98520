package org.layerbraid.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataException;
import org.layerbraid.ml.LayerBraidClassificationModel;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * The model {@code evaluate} and {@code predict} are pointed at, on any Hadoop file system: the
 * {@code model/} folder {@code train} writes, or a folder saved through the ML API. Either way it
 * becomes a {@link LayerBraidClassificationModel}, so that predictions go through that class's
 * transform and a model saved with thresholds keeps them.
 */
record SavedModel(String path, LayerBraidClassificationModel model) {

  private static final String EXPECTED = "expected the model/ folder that 'layerbraid train' writes (metadata.json, "
      + "weights.bin) or a LayerBraidClassificationModel saved with write().save(path) (metadata/, network/)";

  static SavedModel load(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path dir = new Path(path);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) throw new IllegalArgumentException("--model " + path + ": no such folder; " + EXPECTED);
      if (fs.exists(new Path(dir, "metadata.json"))) {
        return new SavedModel(path, LayerBraidClassificationModel.fromModelFiles(path, conf));
      }
      if (fs.exists(new Path(dir, "metadata")) && fs.exists(new Path(dir, "network"))) {
        return new SavedModel(path, loadMl(path));
      }
      throw new IllegalArgumentException("--model " + path + ": holds neither metadata.json nor metadata/ and network/; "
          + EXPECTED);
    } catch (IOException e) {
      throw new UncheckedIOException("--model " + path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Spark's reader fails on a damaged folder with messages that do not name it; this adds the path. */
  private static LayerBraidClassificationModel loadMl(String path) {
    try {
      return LayerBraidClassificationModel.load(path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--model " + path + ": cannot load as a Spark ML model: " + e.getMessage(), e);
    }
  }

  /** The network itself, for evaluating local and distributed blocks of examples. */
  ResNet network() {
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
    return path + " (" + s.inputDim() + " features, width " + s.width() + ", " + s.depth() + " layers, "
        + s.numClasses() + " classes)";
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
