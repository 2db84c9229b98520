package org.layerbraid.ml;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.DataException;
import org.layerbraid.data.Examples;
import org.layerbraid.data.SparkSources;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.Trajectory;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.Softmax;
import org.layerbraid.train.PropagationSpec;
import scala.Option;

/**
 * A trained ODE-ResNet classifier as a Spark ML model. {@code transform} adds
 * {@code rawPredictionCol} (the logits z = W_cls·u_N + b_cls), {@code probabilityCol}
 * (softmax(z)) and {@code predictionCol} (the most probable class, or Spark's thresholds rule when
 * {@code thresholds} is set), evaluating the network row by row with serial propagation inside a
 * UDF; the network travels with the model. {@link #predictRawBatch} and
 * {@link #predictProbabilityBatch} evaluate many rows in one forward pass on the driver;
 * {@link #mgritConvergence} shows how MGRIT converges on the trained weights.
 *
 * <p>Saved as a folder: {@code metadata/} (params, Spark's format) and {@code network/} (shape and
 * weights in the {@link ModelFiles} format, plus the training summary).
 */
public final class LayerBraidClassificationModel
    extends ProbabilisticClassificationModel<Vector, LayerBraidClassificationModel>
    implements LayerBraidParams, MLWritable {
  private static final long serialVersionUID = 1L;
  static final String NETWORK_DIR = "network";

  private final String uid = Uids.take();
  private final ParamSet paramSet = new ParamSet(this);
  private final ResNet network;
  /** Driver-side only: not needed, and not shipped, where rows are evaluated. */
  private final transient LayerBraidTrainingSummary summary;

  LayerBraidClassificationModel(String uid, ResNet network, LayerBraidTrainingSummary summary) {
    this(Uids.park(uid), network, summary);
  }

  private LayerBraidClassificationModel(Uids.Parked parked, ResNet network, LayerBraidTrainingSummary summary) {
    this.network = network;
    this.summary = summary;
    paramSet.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : Uids.pending();
  }

  @Override
  public ParamSet layerBraidParamSet() {
    return paramSet;
  }

  /** Also by the name a param had before it took MLlib's, so that stages saved with those names load. */
  @Override
  public Param<Object> getParam(String paramName) {
    return super.getParam(ParamSet.currentName(paramName));
  }

  /** Arrays by their values, not their identity. */
  @Override
  public String explainParam(Param<?> param) {
    return ParamSet.explain(this, param);
  }

  @Override
  public int numClasses() {
    return network.shape().numClasses();
  }

  @Override
  public int numFeatures() {
    return network.shape().inputDim();
  }

  /** Input dimension, width, depth, classes, final time, activation and bias of the network. */
  public NetworkShape shape() {
    return network.shape();
  }

  /** A copy of the flat parameter vector (layout: {@link NetworkShape}). */
  public double[] weights() {
    return network.parameters().clone();
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /** How the model was trained; kept through save and load. */
  public LayerBraidTrainingSummary summary() {
    if (summary == null) throw new IllegalStateException("no training summary for " + uid());
    return summary;
  }

  private void checkSize(int found) {
    if (found != numFeatures()) {
      throw new IllegalArgumentException(uid() + ": expected " + numFeatures() + " features in column '"
          + getFeaturesCol() + "', found " + found);
    }
  }

  /** The logits of one example. */
  @Override
  public Vector predictRaw(Vector features) {
    checkSize(features.size());
    double[] x = features.toArray();
    return Vectors.dense(logits(x, 1));
  }

  /** Logits of a column-major {@code numFeatures × batch} input, {@code classes × batch} column-major. */
  private double[] logits(double[] x, int batch) {
    double[][] states = new SerialPropagation().forward(network, network.open(x, batch), 0);
    return network.logits(states[network.shape().depth()]);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector dv)) {
      throw new IllegalArgumentException("rawPrediction must be a dense vector, got " + rawPrediction.getClass().getSimpleName());
    }
    Softmax.probabilitiesInPlace(dv.values(), dv.size(), 1);
    return dv;
  }

  /** Logits of every row of {@code features} ({@code rows × numFeatures}) in one pass: {@code rows × numClasses}. */
  public DenseMatrix predictRawBatch(Matrix features) {
    checkSize(features.numCols());
    int n = features.numRows(), d = features.numCols(), k = numClasses();
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i * d + j] = features.apply(i, j);
    double[] z = logits(x, n); // column i holds row i's logits, i.e. row-major rows × k
    return new DenseMatrix(n, k, z, true);
  }

  /** Class probabilities of every row of {@code features} in one pass: {@code rows × numClasses}, rows sum to 1. */
  public DenseMatrix predictProbabilityBatch(Matrix features) {
    DenseMatrix raw = predictRawBatch(features);
    double[] p = raw.values();
    Softmax.probabilitiesInPlace(p, numClasses(), raw.numRows());
    return raw;
  }

  /**
   * How this model classifies {@code dataset}, which needs the {@code featuresCol} and
   * {@code labelCol} columns: its predictions and their accuracy, precision and recall, as
   * MLlib's {@code LogisticRegressionModel.evaluate} gives them.
   */
  public LayerBraidClassificationSummary evaluate(Dataset<?> dataset) {
    // The metrics need predictions even from a model whose prediction column is switched off ("").
    String predictionCol = getPredictionCol().isEmpty() ? "prediction_" + uid() : getPredictionCol();
    LayerBraidClassificationModel m = copy(ParamMap.empty()).setPredictionCol(predictionCol);
    return new LayerBraidClassificationSummary(m.transform(dataset), getLabelCol(), predictionCol);
  }

  /**
   * How MGRIT converges on this network: the forward propagation of {@code dataset}'s
   * {@code featuresCol}, then the adjoint of the loss for its {@code labelCol}, each solved to the
   * tolerance of the MGRIT params (mgritAbsTol, mgritRelTol, mgritMaxIter, levels, coarsening,
   * relaxation, skip, fmg) on the driver. The solves go to tolerance whatever propagation and
   * mgritMode the model was trained with, so the histories show the solver's convergence on the
   * trained weights. The rows are collected to the driver: pass a sample (a few hundred rows).
   */
  public MgritConvergence mgritConvergence(Dataset<?> dataset) {
    Dataset<Row> rows = dataset.select(col(getFeaturesCol()), col(getLabelCol()));
    // Cached and checked first, so that an invalid row fails with the data layer's own message.
    JavaRDD<Examples> blocks = SparkSources.cacheAndCheck(
        SparkSources.toBlocks(rows, getFeaturesCol(), getLabelCol(), numClasses()));
    List<Examples> parts;
    try {
      parts = blocks.collect();
    } finally {
      blocks.unpersist(false);
    }
    if (parts.stream().allMatch(b -> b.size() == 0)) throw new DataException("Dataset: no rows to propagate");
    Examples x = Blocks.concat(parts);
    checkSize(x.dim());
    PropagationSpec spec = TypedSettings.from(this).propagation();
    // One block per level: where the time points live does not change the iterates, only the work's layout.
    MgritPropagation mgrit = MgritPropagation.converged(spec.options(), spec.coarseWeights(),
        InJvmEngine.factory(1));
    NetworkShape s = network.shape();
    Trajectory forward = mgrit.trajectory(network, network.open(x.features(), x.size()), 0);
    double[] lambdaN = network.classify(forward.last(), x.labels(), new double[s.size()]).lambda();
    mgrit.backward(network, forward, lambdaN, null, 0);
    List<ConvergenceHistory> h = mgrit.drainHistories();
    return new MgritConvergence(h.get(0), h.get(1));
  }

  /** Spark's checks, and a features column whose ML attributes state the wrong size fails here, before any row is read. */
  @Override
  public StructType transformSchema(StructType schema) {
    String featuresCol = getFeaturesCol();
    if (schema.getFieldIndex(featuresCol).isDefined()) {
      int size = AttributeGroup.fromStructField(schema.apply(featuresCol)).size();
      if (size >= 0) checkSize(size);
    }
    return super.transformSchema(schema);
  }

  /**
   * Spark's own implementation. Declared only because Scala's covariant overrides in
   * ClassificationModel and ProbabilisticClassificationModel look like a clash to javac.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public LayerBraidClassificationModel copy(ParamMap extra) {
    LayerBraidClassificationModel copy = new LayerBraidClassificationModel(uid(), network, summary);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<LayerBraidClassificationModel> read() {
    return new Reader();
  }

  public static LayerBraidClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * A network saved in the {@link ModelFiles} format alone — such as the {@code model/} folder
   * that {@code layerbraid train} writes — as a model with default params, so that a network
   * trained by the CLI predicts through this class's transform like a fitted one.
   */
  public static LayerBraidClassificationModel fromModelFiles(String dir, Configuration conf) {
    ModelFiles.Loaded loaded = ModelFiles.load(dir, conf);
    return new LayerBraidClassificationModel(Identifiable$.MODULE$.randomUID("layerBraid"), loaded.network(),
        LayerBraidTrainingSummary.fromInfo(loaded.info().get("training")));
  }

  @Override
  public String toString() {
    NetworkShape s = shape();
    return "LayerBraidClassificationModel: uid=" + uid() + ", numFeatures=" + s.inputDim() + ", width=" + s.width()
        + ", layers=" + s.depth() + ", numClasses=" + s.numClasses() + ", T=" + s.finalTime() + ", activation="
        + s.activation().configName() + ", bias=" + s.biasMode().configName();
  }

  private static final class Writer extends MLWriter {
    private final LayerBraidClassificationModel model;

    Writer(LayerBraidClassificationModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      // The SparkContext forms exist in Spark 3.5 and 4.x alike, so one source serves both builds.
      DefaultParamsWriter.saveMetadata(model, path, sparkSession().sparkContext(), Option.empty(), Option.empty());
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("writer", LayerBraidClassificationModel.class.getName());
      info.put("uid", model.uid());
      if (model.summary != null) info.put("training", model.summary.toInfo());
      ModelFiles.save(new Path(path, NETWORK_DIR).toString(), model.shape(), model.network.parameters(), info, true,
          sparkSession().sparkContext().hadoopConfiguration());
    }
  }

  private static final class Reader extends MLReader<LayerBraidClassificationModel> {
    @Override
    public LayerBraidClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession().sparkContext(),
          LayerBraidClassificationModel.class.getName());
      ModelFiles.Loaded loaded = ModelFiles.load(new Path(path, NETWORK_DIR).toString(),
          sparkSession().sparkContext().hadoopConfiguration());
      LayerBraidClassificationModel model = new LayerBraidClassificationModel(metadata.uid(), loaded.network(),
          LayerBraidTrainingSummary.fromInfo(loaded.info().get("training")));
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
