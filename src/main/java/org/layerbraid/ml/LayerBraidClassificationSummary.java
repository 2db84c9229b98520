package org.layerbraid.ml;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * How a model classifies a labelled data set ({@link LayerBraidClassificationModel#evaluate}), with
 * the metrics of MLlib's {@code ClassificationSummary}: accuracy, the label-weighted precision,
 * recall and F-measure, and per label. They are computed by MLlib's {@code MulticlassMetrics} from
 * the predictions, in one Spark job the first time one is asked for.
 */
public final class LayerBraidClassificationSummary {
  private final Dataset<Row> predictions;
  private final String labelCol;
  private final String predictionCol;
  private MulticlassMetrics metrics;

  LayerBraidClassificationSummary(Dataset<Row> predictions, String labelCol, String predictionCol) {
    this.predictions = predictions;
    this.labelCol = labelCol;
    this.predictionCol = predictionCol;
  }

  /** The data set with the model's rawPrediction, probability and prediction columns added. */
  public Dataset<Row> predictions() { return predictions; }

  public String labelCol() { return labelCol; }

  public String predictionCol() { return predictionCol; }

  private MulticlassMetrics metrics() {
    if (metrics == null) {
      metrics = new MulticlassMetrics(predictions.select(col(predictionCol), col(labelCol).cast("double")).toJavaRDD()
          .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd());
    }
    return metrics;
  }

  /** Share of the rows whose prediction is their label. */
  public double accuracy() { return metrics().accuracy(); }

  public double weightedPrecision() { return metrics().weightedPrecision(); }

  public double weightedRecall() { return metrics().weightedRecall(); }

  public double weightedFMeasure() { return metrics().weightedFMeasure(); }

  /** The labels that occur as label or prediction, ascending: the order of the per-label arrays. */
  public double[] labels() { return metrics().labels(); }

  public double[] precisionByLabel() {
    double[] labels = labels(), p = new double[labels.length];
    for (int i = 0; i < p.length; i++) p[i] = metrics().precision(labels[i]);
    return p;
  }

  public double[] recallByLabel() {
    double[] labels = labels(), r = new double[labels.length];
    for (int i = 0; i < r.length; i++) r[i] = metrics().recall(labels[i]);
    return r;
  }

  /** Rows: true labels, columns: predictions, both in the order of {@link #labels()}. */
  public Matrix confusionMatrix() { return metrics().confusionMatrix().asML(); }
}
