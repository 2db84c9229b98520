package org.layerbraid.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
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

/**
 * The baseline a Spark user has today: MLlib's {@link MultilayerPerceptronClassifier} (L-BFGS) on
 * the same training data, as one continuous fit.
 *
 * <p>How its accuracy against time is read: L-BFGS in MLlib reports no iterates while it runs, and
 * restarting it from the last weights every few iterations throws its curvature memory away (it then
 * needs more iterations and more time than one fit). So every point of the curve is a fit of its
 * own from the same initial weights (the seed's) with a larger {@code maxIter}, timed alone, and
 * measured afterwards, untimed. L-BFGS is deterministic from a given start, so the fit with
 * {@code maxIter = k} ends on the iterate a single long fit reaches after k iterations (up to the
 * order Spark adds the partitions' gradients in), and its time is the time that long fit needs to
 * get there. The price is the sum of the fits' times, paid once per point.
 */
final class MlpBaseline implements AutoCloseable {
  private final Dataset<Row> train;
  private final int[] layers;
  private final long seed;

  /** Caches the training data as MLlib's rows, before any clock starts, as layerbraid's training data is. */
  MlpBaseline(SparkSession spark, LoadedData data, int[] hidden, long seed) {
    layers = new int[hidden.length + 2];
    layers[0] = data.dim();
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = data.numClasses();
    this.seed = seed;
    train = frame(spark, data.train()).cache();
    train.count();
  }

  /** Input, hidden and output sizes, as MLlib's {@code layers}. */
  int[] layers() { return layers.clone(); }

  /** One continuous fit of at most {@code maxIter} L-BFGS iterations and its wall time. */
  Fit fit(int maxIter) {
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers).setSeed(seed)
        .setMaxIter(maxIter).setSolver("l-bfgs").setTol(0);
    long start = System.nanoTime();
    MultilayerPerceptronClassificationModel model = mlp.fit(train);
    double seconds = (System.nanoTime() - start) * 1e-9;
    // L-BFGS may stop before maxIter (a line search that cannot improve); its history says how far it got.
    return new Fit(seconds, Math.max(1, model.summary().totalIterations()), model);
  }

  /** A fit's wall time, the iterations it ran and the model. */
  record Fit(double seconds, int iterations, MultilayerPerceptronClassificationModel model) {}

  /**
   * The curve of fits of {@code maxIter(0)}, {@code maxIter(1)}, … iterations (increasing), each from
   * scratch, until a fit has taken {@code seconds} or {@code fits} fits have run, or L-BFGS stopped
   * before its maxIter (longer fits would end on the same weights).
   */
  Curve curve(TargetSet target, Examples validation, IntUnaryOperator maxIter, int fits, double seconds) {
    List<Curve.Point> points = new ArrayList<>();
    for (int k = 0; k < fits; k++) {
      int iterations = maxIter.applyAsInt(k);
      Fit f = fit(iterations);
      points.add(new Curve.Point(f.seconds(), f.iterations(), -1, 0, accuracy(f.model(), target.examples()),
          validation == null ? Double.NaN : accuracy(f.model(), validation)));
      if (f.seconds() >= seconds || f.iterations() < iterations) break;
    }
    // Separate fits: a longer one may come out a little quicker on a busy machine; a curve is in time order.
    points.sort(Comparator.comparingDouble(Curve.Point::seconds));
    Curve curve = new Curve();
    for (Curve.Point p : points) {
      curve.add(p.seconds(), p.steps(), p.layerSteps(), p.depth(), p.accuracy(), p.validationAccuracy());
    }
    return curve;
  }

  @Override
  public void close() { train.unpersist(); }

  /**
   * The training blocks as rows, built where the blocks are: a frame made from collected rows would
   * ship the whole data set inside every task (Fashion-MNIST ran an 8 GB driver out of memory).
   */
  private static Dataset<Row> frame(SparkSession spark, JavaRDD<Examples> blocks) {
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

  static double accuracy(MultilayerPerceptronClassificationModel model, Examples examples) {
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      if ((int) model.predict(features(examples, i)) == examples.label(i)) correct++;
    }
    return (double) correct / examples.size();
  }
}
