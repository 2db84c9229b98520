package org.layerbraid.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The layerbraid params shared by {@link LayerBraidClassifier} (which has the setters) and
 * {@link LayerBraidClassificationModel} (which carries the values it was trained with). Each mirrors
 * one option of {@link org.layerbraid.settings.Options}, which declares its config key, rule, default
 * and doc; {@code explainParams()} shows each param's key. Every value is checked when it is set; an
 * invalid one fails with a message naming the param and the rule. The defaults are the CLI's, except
 * {@code numPartitions} (0: keep the input's partitioning) and {@code progress} ({@code quiet}).
 *
 * <p>Where a param means what one of MLlib's classifiers ({@code MultilayerPerceptronClassifier},
 * {@code LogisticRegression}) means, it has that name: {@code maxIter} (epochs, train.epochs),
 * {@code stepSize} (train.learningRate), {@code solver} ({@code adam}, {@code l-bfgs} or {@code gd};
 * the config spellings {@code lbfgs} and {@code sgd} work too), {@code seed}, and the ML-only
 * {@code tol} and {@code initialWeights}. {@code depth} is the number of residual layers
 * (model.layers): all layers of a ResNet have the same width, so there are no layer sizes as in
 * MLlib's {@code layers}. {@code validationFraction} (default 0.1; 0 = none) is the share of the
 * rows {@code fit} holds out for validation. Stages saved under the names these params had before
 * ({@code layers}, {@code epochs}, {@code learningRate}, {@code optimizer}, {@code lrDecay},
 * {@code nestedEpochs}, {@code nestedLearningRate}, {@code nestedOptimizer}) load, and
 * {@code getParam} still finds a param by its former name. The MGRIT solver's own iteration cap is
 * {@code mgritMaxIter}.
 *
 * <p>Comma lists of the CLI are arrays: {@code mgritCfactor} and {@code mgritNrelax} (at least one
 * value), and the per-level lists {@code nestedMaxIter}, {@code nestedStopAtTrainAccuracy},
 * {@code nestedStepSize}, {@code nestedSolver} and {@code nestedBatchSize}, where, as on the
 * CLI, empty (the default) means the single value ({@code maxIter}, ...) at every level, one
 * value applies to all levels, and otherwise there is one value per level, coarsest first. Whether a
 * list's length fits {@code nestedLevels}, and {@code depth} is divisible by
 * {@code nestedFactor^(nestedLevels-1)}, depends on several params, so it is checked when they are
 * read together: by {@code fit} and {@link LayerBraidClassifier#validateParams()}, with a message
 * naming the param.
 */
public interface LayerBraidParams extends Params {

  /** The param objects of this stage. */
  ParamSet layerBraidParamSet();

  default IntParam width() { return layerBraidParamSet().get("width"); }

  default IntParam depth() { return layerBraidParamSet().get("depth"); }

  default DoubleParam finalTime() { return layerBraidParamSet().get("finalTime"); }

  default Param<String> activation() { return layerBraidParamSet().get("activation"); }

  default Param<String> bias() { return layerBraidParamSet().get("bias"); }

  default DoubleParam initOpen() { return layerBraidParamSet().get("initOpen"); }

  default DoubleParam initHidden() { return layerBraidParamSet().get("initHidden"); }

  default DoubleParam initClass() { return layerBraidParamSet().get("initClass"); }

  default DoubleParam regTik() { return layerBraidParamSet().get("regTik"); }

  default DoubleParam regDdt() { return layerBraidParamSet().get("regDdt"); }

  default DoubleParam regCls() { return layerBraidParamSet().get("regCls"); }

  default BooleanParam regScaled() { return layerBraidParamSet().get("regScaled"); }

  default Param<String> solver() { return layerBraidParamSet().get("solver"); }

  default DoubleParam stepSize() { return layerBraidParamSet().get("stepSize"); }

  default DoubleParam momentum() { return layerBraidParamSet().get("momentum"); }

  default IntParam lbfgsMemory() { return layerBraidParamSet().get("lbfgsMemory"); }

  default IntParam maxIter() { return layerBraidParamSet().get("maxIter"); }

  default IntParam batchSize() { return layerBraidParamSet().get("batchSize"); }

  default DoubleParam stepSizeDecay() { return layerBraidParamSet().get("stepSizeDecay"); }

  default BooleanParam keepBest() { return layerBraidParamSet().get("keepBest"); }

  default DoubleParam stopAtTrainAccuracy() { return layerBraidParamSet().get("stopAtTrainAccuracy"); }

  default IntParam progressEvery() { return layerBraidParamSet().get("progressEvery"); }

  default Param<String> gradients() { return layerBraidParamSet().get("gradients"); }

  default LongParam seed() { return layerBraidParamSet().get("seed"); }

  default Param<String> propagation() { return layerBraidParamSet().get("propagation"); }

  default Param<String> mgritMode() { return layerBraidParamSet().get("mgritMode"); }

  default IntParam mgritMaxLevels() { return layerBraidParamSet().get("mgritMaxLevels"); }

  default IntArrayParam mgritCfactor() { return layerBraidParamSet().get("mgritCfactor"); }

  default IntArrayParam mgritNrelax() { return layerBraidParamSet().get("mgritNrelax"); }

  default IntParam mgritMinCoarse() { return layerBraidParamSet().get("mgritMinCoarse"); }

  default DoubleParam mgritAbsTol() { return layerBraidParamSet().get("mgritAbsTol"); }

  default DoubleParam mgritRelTol() { return layerBraidParamSet().get("mgritRelTol"); }

  default IntParam mgritMaxIter() { return layerBraidParamSet().get("mgritMaxIter"); }

  default BooleanParam mgritSkip() { return layerBraidParamSet().get("mgritSkip"); }

  default BooleanParam mgritFmg() { return layerBraidParamSet().get("mgritFmg"); }

  default IntParam mgritForwardIterations() { return layerBraidParamSet().get("mgritForwardIterations"); }

  default IntParam mgritBackwardIterations() { return layerBraidParamSet().get("mgritBackwardIterations"); }

  default Param<String> mgritCoarseWeights() { return layerBraidParamSet().get("mgritCoarseWeights"); }

  default Param<String> mgritEngine() { return layerBraidParamSet().get("mgritEngine"); }

  default IntParam mgritLayerPartitions() { return layerBraidParamSet().get("mgritLayerPartitions"); }

  default IntParam mgritDataShards() { return layerBraidParamSet().get("mgritDataShards"); }

  default Param<String> mgritOnStall() { return layerBraidParamSet().get("mgritOnStall"); }

  default IntParam mgritStallWindow() { return layerBraidParamSet().get("mgritStallWindow"); }

  default DoubleParam mgritStallTolerance() { return layerBraidParamSet().get("mgritStallTolerance"); }

  default Param<String> mgritStallOn() { return layerBraidParamSet().get("mgritStallOn"); }

  default BooleanParam mgritStallCarry() { return layerBraidParamSet().get("mgritStallCarry"); }

  default IntParam nestedLevels() { return layerBraidParamSet().get("nestedLevels"); }

  default IntParam nestedFactor() { return layerBraidParamSet().get("nestedFactor"); }

  default Param<String> nestedInterpolation() { return layerBraidParamSet().get("nestedInterpolation"); }

  default IntArrayParam nestedMaxIter() { return layerBraidParamSet().get("nestedMaxIter"); }

  default DoubleArrayParam nestedStopAtTrainAccuracy() { return layerBraidParamSet().get("nestedStopAtTrainAccuracy"); }

  default DoubleArrayParam nestedStepSize() { return layerBraidParamSet().get("nestedStepSize"); }

  default StringArrayParam nestedSolver() { return layerBraidParamSet().get("nestedSolver"); }

  default IntArrayParam nestedBatchSize() { return layerBraidParamSet().get("nestedBatchSize"); }

  default IntParam nestedRefineSteps() { return layerBraidParamSet().get("nestedRefineSteps"); }

  default IntParam nestedRefineCycleFactor() { return layerBraidParamSet().get("nestedRefineCycleFactor"); }

  default IntParam numPartitions() { return layerBraidParamSet().get("numPartitions"); }

  default DoubleParam validationFraction() { return layerBraidParamSet().get("validationFraction"); }

  default LongParam dataSeed() { return layerBraidParamSet().get("dataSeed"); }

  default Param<String> progress() { return layerBraidParamSet().get("progress"); }

  default DoubleParam tol() { return layerBraidParamSet().get("tol"); }

  default Param<Vector> initialWeights() { return layerBraidParamSet().get("initialWeights"); }

  default int getWidth() { return (Integer) getOrDefault(width()); }

  default int getDepth() { return (Integer) getOrDefault(depth()); }

  default double getFinalTime() { return (Double) getOrDefault(finalTime()); }

  default String getActivation() { return (String) getOrDefault(activation()); }

  default String getBias() { return (String) getOrDefault(bias()); }

  default double getInitOpen() { return (Double) getOrDefault(initOpen()); }

  default double getInitHidden() { return (Double) getOrDefault(initHidden()); }

  default double getInitClass() { return (Double) getOrDefault(initClass()); }

  default double getRegTik() { return (Double) getOrDefault(regTik()); }

  default double getRegDdt() { return (Double) getOrDefault(regDdt()); }

  default double getRegCls() { return (Double) getOrDefault(regCls()); }

  default boolean getRegScaled() { return (Boolean) getOrDefault(regScaled()); }

  default String getSolver() { return (String) getOrDefault(solver()); }

  default double getStepSize() { return (Double) getOrDefault(stepSize()); }

  default double getMomentum() { return (Double) getOrDefault(momentum()); }

  default int getLbfgsMemory() { return (Integer) getOrDefault(lbfgsMemory()); }

  default int getMaxIter() { return (Integer) getOrDefault(maxIter()); }

  default int getBatchSize() { return (Integer) getOrDefault(batchSize()); }

  default double getStepSizeDecay() { return (Double) getOrDefault(stepSizeDecay()); }

  default boolean getKeepBest() { return (Boolean) getOrDefault(keepBest()); }

  default double getStopAtTrainAccuracy() { return (Double) getOrDefault(stopAtTrainAccuracy()); }

  default int getProgressEvery() { return (Integer) getOrDefault(progressEvery()); }

  default String getGradients() { return (String) getOrDefault(gradients()); }

  default long getSeed() { return (Long) getOrDefault(seed()); }

  default String getPropagation() { return (String) getOrDefault(propagation()); }

  default String getMgritMode() { return (String) getOrDefault(mgritMode()); }

  default int getMgritMaxLevels() { return (Integer) getOrDefault(mgritMaxLevels()); }

  default int[] getMgritCfactor() { return ((int[]) getOrDefault(mgritCfactor())).clone(); }

  default int[] getMgritNrelax() { return ((int[]) getOrDefault(mgritNrelax())).clone(); }

  default int getMgritMinCoarse() { return (Integer) getOrDefault(mgritMinCoarse()); }

  default double getMgritAbsTol() { return (Double) getOrDefault(mgritAbsTol()); }

  default double getMgritRelTol() { return (Double) getOrDefault(mgritRelTol()); }

  default int getMgritMaxIter() { return (Integer) getOrDefault(mgritMaxIter()); }

  default boolean getMgritSkip() { return (Boolean) getOrDefault(mgritSkip()); }

  default boolean getMgritFmg() { return (Boolean) getOrDefault(mgritFmg()); }

  default int getMgritForwardIterations() { return (Integer) getOrDefault(mgritForwardIterations()); }

  default int getMgritBackwardIterations() { return (Integer) getOrDefault(mgritBackwardIterations()); }

  default String getMgritCoarseWeights() { return (String) getOrDefault(mgritCoarseWeights()); }

  default String getMgritEngine() { return (String) getOrDefault(mgritEngine()); }

  default int getMgritLayerPartitions() { return (Integer) getOrDefault(mgritLayerPartitions()); }

  default int getMgritDataShards() { return (Integer) getOrDefault(mgritDataShards()); }

  default String getMgritOnStall() { return (String) getOrDefault(mgritOnStall()); }

  default int getMgritStallWindow() { return (Integer) getOrDefault(mgritStallWindow()); }

  default double getMgritStallTolerance() { return (Double) getOrDefault(mgritStallTolerance()); }

  default String getMgritStallOn() { return (String) getOrDefault(mgritStallOn()); }

  default boolean getMgritStallCarry() { return (Boolean) getOrDefault(mgritStallCarry()); }

  default int getNestedLevels() { return (Integer) getOrDefault(nestedLevels()); }

  default int getNestedFactor() { return (Integer) getOrDefault(nestedFactor()); }

  default String getNestedInterpolation() { return (String) getOrDefault(nestedInterpolation()); }

  default int[] getNestedMaxIter() { return ((int[]) getOrDefault(nestedMaxIter())).clone(); }

  default double[] getNestedStopAtTrainAccuracy() { return ((double[]) getOrDefault(nestedStopAtTrainAccuracy())).clone(); }

  default double[] getNestedStepSize() { return ((double[]) getOrDefault(nestedStepSize())).clone(); }

  default String[] getNestedSolver() { return ((String[]) getOrDefault(nestedSolver())).clone(); }

  default int[] getNestedBatchSize() { return ((int[]) getOrDefault(nestedBatchSize())).clone(); }

  default int getNestedRefineSteps() { return (Integer) getOrDefault(nestedRefineSteps()); }

  default int getNestedRefineCycleFactor() { return (Integer) getOrDefault(nestedRefineCycleFactor()); }

  default int getNumPartitions() { return (Integer) getOrDefault(numPartitions()); }

  default double getValidationFraction() { return (Double) getOrDefault(validationFraction()); }

  /** The seed of the validation split: dataSeed when set, else seed. */
  default long getDataSeed() { return isDefined(dataSeed()) ? (Long) getOrDefault(dataSeed()) : getSeed(); }

  default String getProgress() { return (String) getOrDefault(progress()); }

  default double getTol() { return (Double) getOrDefault(tol()); }

  /** The weights training starts from; null when they are drawn at random. */
  default Vector getInitialWeights() { return isDefined(initialWeights()) ? (Vector) getOrDefault(initialWeights()) : null; }
}
