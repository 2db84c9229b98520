package org.layerbraid.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.report.Charts;
import org.layerbraid.report.LabelledPoints;

/**
 * The Peaks problem as DataFrames, for trying the ML API with nothing to download: five classes cut
 * from MATLAB's {@code peaks} surface on a 256 × 256 grid over [−3, 3]², every sample recomputed
 * from its seed. Frames have the columns {@code x}, {@code y} (doubles) and {@code label} (the class
 * 0 … 4 as a double, as MLlib's classifiers expect); assemble {@code x, y} into a feature vector
 * in a pipeline. {@link #decisionMapPng} draws a model's predictions over the grid.
 */
public final class PeaksData {
  /** Grid points per side; the grid has SIDE² points. */
  public static final int SIDE = Peaks.SIDE;
  public static final int CLASSES = Peaks.CLASSES;

  private static final StructType SCHEMA = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("label", DataTypes.DoubleType, false);

  private PeaksData() {}

  /** {@code perClass} grid points of every class, drawn with replacement from {@code seed}. */
  public static Dataset<Row> sample(SparkSession spark, int perClass, long seed) {
    return frame(spark, Peaks.sample(perClass, seed));
  }

  /**
   * Points drawn as {@link #sample} draws them but independently of {@code sample(…, seed)}: the
   * seed the command-line training derives for its held-out Peaks points.
   */
  public static Dataset<Row> heldOut(SparkSession spark, int perClass, long seed) {
    return sample(spark, perClass, Peaks.validationSeed(seed));
  }

  /** All SIDE² grid points, row {@code j · SIDE + i} at (x_i, y_j). */
  public static Dataset<Row> grid(SparkSession spark) {
    return frame(spark, Peaks.grid());
  }

  /**
   * The predicted class over the grid as a class-coloured map, with {@code points} on top in their
   * true class's colour (or none when null), as PNG bytes.
   *
   * @param gridPredictions one row per grid point with columns {@code x}, {@code y} and
   *     {@code prediction}, e.g. a model's transform of {@link #grid}, in any order
   * @param points rows with {@code x}, {@code y} and {@code label}, or null
   */
  public static byte[] decisionMapPng(Dataset<Row> gridPredictions, Dataset<Row> points) {
    List<Row> rows = gridPredictions.orderBy("y", "x").select("prediction").collectAsList();
    if (rows.size() != SIDE * SIDE) {
      throw new IllegalArgumentException("gridPredictions has " + rows.size() + " rows, expected one per grid point: "
          + SIDE * SIDE);
    }
    int[] predicted = new int[rows.size()];
    for (int k = 0; k < predicted.length; k++) predicted[k] = (int) rows.get(k).getDouble(0);
    double lo = Peaks.coordinate(0), hi = Peaks.coordinate(SIDE - 1);
    try {
      return Charts.decisionMapPng(SIDE, SIDE, predicted, CLASSES, lo, hi, lo, hi, labelled(points));
    } catch (IOException e) {
      throw new UncheckedIOException("drawing the decision map", e);
    }
  }

  private static LabelledPoints labelled(Dataset<Row> points) {
    if (points == null) return null;
    List<Row> rows = points.select("x", "y", "label").collectAsList();
    double[] xs = new double[rows.size()], ys = new double[rows.size()];
    int[] labels = new int[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      xs[k] = rows.get(k).getDouble(0);
      ys[k] = rows.get(k).getDouble(1);
      labels[k] = (int) rows.get(k).getDouble(2);
    }
    return new LabelledPoints(xs, ys, labels);
  }

  private static Dataset<Row> frame(SparkSession spark, Examples e) {
    List<Row> rows = new ArrayList<>(e.size());
    for (int i = 0; i < e.size(); i++) rows.add(RowFactory.create(e.feature(i, 0), e.feature(i, 1), (double) e.label(i)));
    return spark.createDataFrame(rows, SCHEMA);
  }
}
