package org.layerbraid.ml;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.DataException;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.data.SparkSources;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.report.Progress;
import org.layerbraid.train.Checkpointing;
import org.layerbraid.train.EpochMonitor;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingResult;

/**
 * A Spark ML estimator that trains an ODE-ResNet classifier (docs/design.md#the-network-as-an-ode) on a vector
 * {@code featuresCol} and a class-index {@code labelCol} (0 … k−1; k from the label column's ML
 * attributes when present, else the largest label + 1).
 *
 * <p>{@link #fit} holds out a {@code validationFraction} of the rows for validation (default 0.1,
 * which {@code keepBest} uses; 0 = none), drawn with {@code dataSeed} or, when that is unset,
 * {@code seed}; cuts the rest into one block per partition ({@code numPartitions}, or the input's
 * own), builds the CLI's typed settings from the params and calls {@link Training#fitNested}, the
 * one training implementation behind the CLI too, from {@code initialWeights} when set and until
 * {@code tol} is met when above 0. With {@code nestedLevels} > 1 that is the nested-iteration
 * schedule: the network is trained at depth {@code depth / nestedFactor^(nestedLevels-1)} first and
 * refined up to {@code depth}; the training summary then holds the epochs of every level (each
 * {@code EpochRecord} carries its level and depth).
 *
 * <pre>{@code
 * LayerBraidClassifier lb = new LayerBraidClassifier()
 *     .setWidth(8).setDepth(16).setSolver("l-bfgs").setMaxIter(200);
 * LayerBraidClassificationModel model = lb.fit(train);
 * model.transform(test).select("probability", "prediction").show();
 *
 * // Nested iteration 4 -> 8 -> 16 layers, MGRIT on the Spark engine (2 layer blocks per level).
 * lb.setNestedLevels(3).setNestedMaxIter(new int[] {100, 50, 50})
 *     .setPropagation("mgrit").setMgritEngine("spark").setMgritLayerPartitions(2);
 * }</pre>
 */
public final class LayerBraidClassifier
    extends ProbabilisticClassifier<Vector, LayerBraidClassifier, LayerBraidClassificationModel>
    implements LayerBraidParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  /** Most classes accepted when they are counted from the labels. */
  static final int MAX_CLASSES = DataSpec.MAX_CLASSES;

  private final String uid = Uids.take();
  private final ParamSet paramSet = new ParamSet(this);

  public LayerBraidClassifier() {
    this(Identifiable$.MODULE$.randomUID("layerBraid"));
  }

  public LayerBraidClassifier(String uid) {
    this(Uids.park(uid));
  }

  private LayerBraidClassifier(Uids.Parked parked) {
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

  public LayerBraidClassifier setWidth(int value) {
    return (LayerBraidClassifier) set(width(), value);
  }

  public LayerBraidClassifier setDepth(int value) {
    return (LayerBraidClassifier) set(depth(), value);
  }

  public LayerBraidClassifier setFinalTime(double value) {
    return (LayerBraidClassifier) set(finalTime(), value);
  }

  public LayerBraidClassifier setActivation(String value) {
    return (LayerBraidClassifier) set(activation(), value);
  }

  public LayerBraidClassifier setBias(String value) {
    return (LayerBraidClassifier) set(bias(), value);
  }

  public LayerBraidClassifier setInitOpen(double value) {
    return (LayerBraidClassifier) set(initOpen(), value);
  }

  public LayerBraidClassifier setInitHidden(double value) {
    return (LayerBraidClassifier) set(initHidden(), value);
  }

  public LayerBraidClassifier setInitClass(double value) {
    return (LayerBraidClassifier) set(initClass(), value);
  }

  public LayerBraidClassifier setRegTik(double value) {
    return (LayerBraidClassifier) set(regTik(), value);
  }

  public LayerBraidClassifier setRegDdt(double value) {
    return (LayerBraidClassifier) set(regDdt(), value);
  }

  public LayerBraidClassifier setRegCls(double value) {
    return (LayerBraidClassifier) set(regCls(), value);
  }

  public LayerBraidClassifier setRegScaled(boolean value) {
    return (LayerBraidClassifier) set(regScaled(), value);
  }

  public LayerBraidClassifier setSolver(String value) {
    return (LayerBraidClassifier) set(solver(), value);
  }

  public LayerBraidClassifier setStepSize(double value) {
    return (LayerBraidClassifier) set(stepSize(), value);
  }

  public LayerBraidClassifier setMomentum(double value) {
    return (LayerBraidClassifier) set(momentum(), value);
  }

  public LayerBraidClassifier setLbfgsMemory(int value) {
    return (LayerBraidClassifier) set(lbfgsMemory(), value);
  }

  public LayerBraidClassifier setMaxIter(int value) {
    return (LayerBraidClassifier) set(maxIter(), value);
  }

  public LayerBraidClassifier setBatchSize(int value) {
    return (LayerBraidClassifier) set(batchSize(), value);
  }

  public LayerBraidClassifier setStepSizeDecay(double value) {
    return (LayerBraidClassifier) set(stepSizeDecay(), value);
  }

  public LayerBraidClassifier setKeepBest(boolean value) {
    return (LayerBraidClassifier) set(keepBest(), value);
  }

  public LayerBraidClassifier setStopAtTrainAccuracy(double value) {
    return (LayerBraidClassifier) set(stopAtTrainAccuracy(), value);
  }

  public LayerBraidClassifier setProgressEvery(int value) {
    return (LayerBraidClassifier) set(progressEvery(), value);
  }

  public LayerBraidClassifier setGradients(String value) {
    return (LayerBraidClassifier) set(gradients(), value);
  }

  public LayerBraidClassifier setSeed(long value) {
    return (LayerBraidClassifier) set(seed(), value);
  }

  public LayerBraidClassifier setPropagation(String value) {
    return (LayerBraidClassifier) set(propagation(), value);
  }

  public LayerBraidClassifier setMgritMode(String value) {
    return (LayerBraidClassifier) set(mgritMode(), value);
  }

  public LayerBraidClassifier setMgritMaxLevels(int value) {
    return (LayerBraidClassifier) set(mgritMaxLevels(), value);
  }

  public LayerBraidClassifier setMgritCfactor(int[] value) {
    return (LayerBraidClassifier) set(mgritCfactor(), value);
  }

  public LayerBraidClassifier setMgritNrelax(int[] value) {
    return (LayerBraidClassifier) set(mgritNrelax(), value);
  }

  public LayerBraidClassifier setMgritMinCoarse(int value) {
    return (LayerBraidClassifier) set(mgritMinCoarse(), value);
  }

  public LayerBraidClassifier setMgritAbsTol(double value) {
    return (LayerBraidClassifier) set(mgritAbsTol(), value);
  }

  public LayerBraidClassifier setMgritRelTol(double value) {
    return (LayerBraidClassifier) set(mgritRelTol(), value);
  }

  public LayerBraidClassifier setMgritMaxIter(int value) {
    return (LayerBraidClassifier) set(mgritMaxIter(), value);
  }

  public LayerBraidClassifier setMgritSkip(boolean value) {
    return (LayerBraidClassifier) set(mgritSkip(), value);
  }

  public LayerBraidClassifier setMgritFmg(boolean value) {
    return (LayerBraidClassifier) set(mgritFmg(), value);
  }

  public LayerBraidClassifier setMgritForwardIterations(int value) {
    return (LayerBraidClassifier) set(mgritForwardIterations(), value);
  }

  public LayerBraidClassifier setMgritBackwardIterations(int value) {
    return (LayerBraidClassifier) set(mgritBackwardIterations(), value);
  }

  public LayerBraidClassifier setMgritCoarseWeights(String value) {
    return (LayerBraidClassifier) set(mgritCoarseWeights(), value);
  }

  public LayerBraidClassifier setMgritEngine(String value) {
    return (LayerBraidClassifier) set(mgritEngine(), value);
  }

  public LayerBraidClassifier setMgritLayerPartitions(int value) {
    return (LayerBraidClassifier) set(mgritLayerPartitions(), value);
  }

  public LayerBraidClassifier setMgritDataShards(int value) {
    return (LayerBraidClassifier) set(mgritDataShards(), value);
  }

  public LayerBraidClassifier setMgritOnStall(String value) {
    return (LayerBraidClassifier) set(mgritOnStall(), value);
  }

  public LayerBraidClassifier setMgritStallWindow(int value) {
    return (LayerBraidClassifier) set(mgritStallWindow(), value);
  }

  public LayerBraidClassifier setMgritStallTolerance(double value) {
    return (LayerBraidClassifier) set(mgritStallTolerance(), value);
  }

  public LayerBraidClassifier setMgritStallOn(String value) {
    return (LayerBraidClassifier) set(mgritStallOn(), value);
  }

  public LayerBraidClassifier setMgritStallCarry(boolean value) {
    return (LayerBraidClassifier) set(mgritStallCarry(), value);
  }

  public LayerBraidClassifier setNestedLevels(int value) {
    return (LayerBraidClassifier) set(nestedLevels(), value);
  }

  public LayerBraidClassifier setNestedFactor(int value) {
    return (LayerBraidClassifier) set(nestedFactor(), value);
  }

  public LayerBraidClassifier setNestedInterpolation(String value) {
    return (LayerBraidClassifier) set(nestedInterpolation(), value);
  }

  public LayerBraidClassifier setNestedMaxIter(int[] value) {
    return (LayerBraidClassifier) set(nestedMaxIter(), value);
  }

  public LayerBraidClassifier setNestedStopAtTrainAccuracy(double[] value) {
    return (LayerBraidClassifier) set(nestedStopAtTrainAccuracy(), value);
  }

  public LayerBraidClassifier setNestedStepSize(double[] value) {
    return (LayerBraidClassifier) set(nestedStepSize(), value);
  }

  public LayerBraidClassifier setNestedSolver(String[] value) {
    return (LayerBraidClassifier) set(nestedSolver(), value);
  }

  public LayerBraidClassifier setNestedBatchSize(int[] value) {
    return (LayerBraidClassifier) set(nestedBatchSize(), value);
  }

  public LayerBraidClassifier setNestedRefineSteps(int value) {
    return (LayerBraidClassifier) set(nestedRefineSteps(), value);
  }

  public LayerBraidClassifier setNestedRefineCycleFactor(int value) {
    return (LayerBraidClassifier) set(nestedRefineCycleFactor(), value);
  }

  public LayerBraidClassifier setNumPartitions(int value) {
    return (LayerBraidClassifier) set(numPartitions(), value);
  }

  public LayerBraidClassifier setValidationFraction(double value) {
    return (LayerBraidClassifier) set(validationFraction(), value);
  }

  public LayerBraidClassifier setDataSeed(long value) {
    return (LayerBraidClassifier) set(dataSeed(), value);
  }

  public LayerBraidClassifier setProgress(String value) {
    return (LayerBraidClassifier) set(progress(), value);
  }

  public LayerBraidClassifier setTol(double value) {
    return (LayerBraidClassifier) set(tol(), value);
  }

  public LayerBraidClassifier setInitialWeights(Vector value) {
    return (LayerBraidClassifier) set(initialWeights(), value);
  }

  /** Checks every param together, as fit does before it touches the data; throws naming what is wrong. */
  public void validateParams() {
    TypedSettings.from(this);
  }

  @Override
  public LayerBraidClassificationModel train(Dataset<?> dataset) {
    TypedSettings settings = TypedSettings.from(this);
    String featuresCol = getFeaturesCol();
    String labelCol = getLabelCol();
    int numClasses = getNumClasses(dataset, MAX_CLASSES);
    if (numClasses < 2) {
      throw new DataException("column '" + labelCol + "' holds a single class (label 0); a classifier needs labels of at least 2 classes");
    }
    if (getNumPartitions() > 0 && getBatchSize() > 0 && getBatchSize() < getNumPartitions()) {
      // Training.fit refuses this too, but only once the data are loaded.
      throw new IllegalArgumentException("batch size " + getBatchSize() + " is smaller than the " + getNumPartitions()
          + " partitions of the training data; use a batch size of at least " + getNumPartitions() + " or fewer partitions");
    }
    Dataset<Row> input = dataset.select(col(featuresCol), col(labelCol)).persist(StorageLevel.MEMORY_AND_DISK());
    JavaRDD<Examples> blocks = null;
    try {
      Dataset<Row> train = input;
      Dataset<Row> held = null;
      double fraction = getValidationFraction();
      if (fraction > 0) {
        Dataset<Row>[] parts = input.randomSplit(new double[] {1 - fraction, fraction}, getDataSeed());
        train = parts[0];
        held = parts[1];
      }
      if (getNumPartitions() > 0) train = train.repartition(getNumPartitions());
      blocks = SparkSources.cacheAndCheck(SparkSources.toBlocks(train, featuresCol, labelCol, numClasses));
      List<int[]> sizes = blocks.map(b -> new int[] {b.size(), b.dim()}).collect();
      long trainSize = sizes.stream().mapToLong(b -> b[0]).sum();
      if (trainSize == 0) throw new DataException("Dataset: no training examples" + (fraction > 0 ? " after the validation split" : ""));
      long empty = sizes.stream().filter(b -> b[0] == 0).count();
      if (empty > 0) {
        throw new DataException("Dataset: " + empty + " of the " + sizes.size()
            + " partitions of the training data are empty; set numPartitions or repartition the input");
      }
      int dim = sizes.get(0)[1];
      Examples validation = held == null ? null : validationBlock(held, featuresCol, labelCol, numClasses, dim);
      String description = String.format("DataFrame: %d train, %d validation (split %.3g, seed %d); %d features, %d classes, %d blocks",
          trainSize, validation == null ? 0 : validation.size(), fraction, getDataSeed(), dim, numClasses, sizes.size());
      LoadedData data = new LoadedData(blocks, trainSize, validation, Optional.empty(), dim, numClasses, description);

      Progress progress = Progress.forMode(getProgress(), System.out);
      NestedSettings nested = settings.nested();
      progress.runStarted(uid() + ": " + description + "; propagation: " + settings.propagation().describe()
          + (nested.enabled() ? "; nested iteration: " + nested : ""), nested.levels());
      double[] theta0 = initialWeights(settings.model().shape(dim, numClasses), nested);
      EpochMonitor tolerance = getTol() > 0 ? new LossTolerance(getTol(), nested.levels()) : EpochMonitor.NONE;
      TrainingResult result = Training.fitNested(data, settings.model(), settings.propagation(), settings.training(),
          nested, progress, tolerance, theta0, Checkpointing.NONE).result();
      LayerBraidTrainingSummary summary = new LayerBraidTrainingSummary(result.history(), result.keptEpoch(),
          result.steps(), result.seconds(), trainSize, validation == null ? 0 : validation.size(),
          FeatureStats.of(train, featuresCol));
      progress.runFinished(finishedMetrics(summary));
      return new LayerBraidClassificationModel(uid(), new ResNet(result.shape(), result.theta()), summary);
    } finally {
      if (blocks != null) blocks.unpersist(false);
      input.unpersist(false);
    }
  }

  /** The initialWeights param's values, checked against the network they start; null when unset. */
  private double[] initialWeights(NetworkShape shape, NestedSettings nested) {
    Vector w = getInitialWeights();
    if (w == null) return null;
    NetworkShape first = nested.shapeAt(shape, 0);
    if (w.size() != first.size()) {
      throw new IllegalArgumentException("initialWeights has " + w.size() + " values, expected " + first.size()
          + " for a network of " + first.inputDim() + " features, width " + first.width() + ", depth " + first.depth()
          + " and " + first.numClasses() + " classes" + (nested.enabled() ? " (the first level of nested iteration)" : ""));
    }
    return w.toArray();
  }

  /**
   * The held-out rows as one local block, validated like the training rows; null when the split
   * left none. The features column is labelled with the training dimension first, so rows of
   * another size fail with the row's position, and an empty split needs no extra job.
   */
  private static Examples validationBlock(Dataset<Row> held, String featuresCol, String labelCol, int numClasses, int dim) {
    Dataset<Row> sized = held.select(col(featuresCol).as(featuresCol, new AttributeGroup(featuresCol, dim).toMetadata()),
        col(labelCol));
    Examples v = Blocks.concat(SparkSources.toBlocks(sized, featuresCol, labelCol, numClasses).collect());
    return v.size() == 0 ? null : v;
  }

  private static Map<String, Object> finishedMetrics(LayerBraidTrainingSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", s.history().size());
    m.put("keptEpoch", s.keptEpoch());
    m.put("trainAccuracy", s.trainAccuracy());
    m.put("validationAccuracy", s.validationAccuracy());
    m.put("seconds", s.seconds());
    return m;
  }

  @Override
  public LayerBraidClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<LayerBraidClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static LayerBraidClassifier load(String path) {
    return read().load(path);
  }
}
