package org.layerbraid.study;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.study.StudySettings.Arm;

/**
 * The baseline a Spark user has today: MLlib's {@link MultilayerPerceptronClassifier} on the same
 * training data, given the same wall time as nested iteration. MLlib has no time budget, so it is
 * fitted in chunks of L-BFGS iterations, each continuing from the last chunk's weights, until the
 * budget is spent; the target and validation sets are measured between chunks (not timed).
 */
final class MlpBaseline {
  private final SparkSession spark;
  private final int[] hidden;
  private final int chunk;

  MlpBaseline(SparkSession spark, int[] hidden, int chunk) {
    this.spark = spark;
    this.hidden = hidden;
    this.chunk = chunk;
  }

  StudyRun run(LoadedData data, TargetSet target, long seed, double secondsBudget, String caseName) {
    int[] layers = new int[hidden.length + 2];
    layers[0] = data.dim();
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = data.numClasses();
    Dataset<Row> train = frame(data.train()).cache();
    train.count(); // materialised before the clock starts, as layerbraid's training data is
    Curve curve = new Curve();
    Vector weights = null;
    double seconds = 0;
    long iterations = 0;
    try {
      while (seconds < secondsBudget) {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers).setSeed(seed)
            .setMaxIter(chunk).setSolver("l-bfgs").setTol(0);
        if (weights != null) mlp.setInitialWeights(weights);
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(train);
        seconds += (System.nanoTime() - start) * 1e-9;
        // L-BFGS may stop before maxIter once it converges; its history says how far it got.
        int ran = Math.max(1, model.summary().totalIterations());
        iterations += ran;
        weights = model.weights();
        curve.add(seconds, iterations, -1, 0, accuracy(model, target.examples()),
            data.validation() == null ? Double.NaN : accuracy(model, data.validation()));
        if (ran < chunk) break;
      }
    } finally {
      train.unpersist();
    }
    return new StudyRun(Arm.MLLIB, caseName, seed, seconds, iterations, curve, layers, new double[0], new double[0], "");
  }

  /**
   * The training blocks as rows, built where the blocks are: a frame made from collected rows would
   * ship the whole data set inside every task (Fashion-MNIST ran an 8 GB driver out of memory).
   */
  private Dataset<Row> frame(JavaRDD<Examples> blocks) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    JavaRDD<Row> rows = blocks.flatMap(b -> {
      List<Row> r = new ArrayList<>(b.size());
      for (int i = 0; i < b.size(); i++) r.add(RowFactory.create((double) b.label(i), features(b, i)));
      return r.iterator();
    });
    return spark.createDataFrame(rows, schema);
  }

  private static Vector features(Examples b, int i) {
    double[] x = new double[b.dim()];
    System.arraycopy(b.features(), i * b.dim(), x, 0, b.dim());
    return Vectors.dense(x);
  }

  private static double accuracy(MultilayerPerceptronClassificationModel model, Examples examples) {
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      if ((int) model.predict(features(examples, i)) == examples.label(i)) correct++;
    }
    return (double) correct / examples.size();
  }
}
