package org.layerbraid.ml;

import static org.layerbraid.ml.Checks.allAtLeast;
import static org.layerbraid.ml.Checks.atLeast;
import static org.layerbraid.ml.Checks.eachAtLeast;
import static org.layerbraid.ml.Checks.eachParsedBy;
import static org.layerbraid.ml.Checks.eachPositive;
import static org.layerbraid.ml.Checks.finitePositive;
import static org.layerbraid.ml.Checks.inRange;
import static org.layerbraid.ml.Checks.parsedBy;
import static org.layerbraid.ml.Checks.positive;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.layerbraid.engine.CoarseWeights;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.report.Progress;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.StallPolicy;
import org.layerbraid.train.TrainingSettings;

/**
 * The layerbraid params of one stage (estimator or model), owned by that stage. Spark finds params
 * through public no-argument methods, so the stages expose these through
 * {@link LayerBraidParams}; this class only creates them, with their docs, validators and defaults.
 * The defaults are the CLI's ({@code layerbraid keys}) except where noted.
 */
final class ParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  final IntParam width;
  final IntParam layers;
  final DoubleParam finalTime;
  final Param<String> activation;
  final Param<String> bias;
  final DoubleParam initOpen;
  final DoubleParam initHidden;
  final DoubleParam initClass;

  final DoubleParam regTik;
  final DoubleParam regDdt;
  final DoubleParam regCls;
  final BooleanParam regScaled;

  final Param<String> optimizer;
  final DoubleParam learningRate;
  final DoubleParam momentum;
  final IntParam lbfgsMemory;
  final IntParam epochs;
  final IntParam batchSize;
  final DoubleParam lrDecay;
  final BooleanParam keepBest;
  final DoubleParam stopAtTrainAccuracy;
  final IntParam progressEvery;
  final Param<String> gradients;
  final LongParam seed;

  final Param<String> propagation;
  final Param<String> mgritMode;
  final IntParam mgritMaxLevels;
  final IntArrayParam mgritCfactor;
  final IntArrayParam mgritNrelax;
  final IntParam mgritMinCoarse;
  final DoubleParam mgritAbsTol;
  final DoubleParam mgritRelTol;
  final IntParam mgritMaxIter;
  final BooleanParam mgritSkip;
  final BooleanParam mgritFmg;
  final IntParam mgritForwardIterations;
  final IntParam mgritBackwardIterations;
  final Param<String> mgritCoarseWeights;
  final Param<String> mgritEngine;
  final IntParam mgritLayerPartitions;
  final IntParam mgritDataShards;
  final Param<String> mgritOnStall;
  final IntParam mgritStallWindow;
  final DoubleParam mgritStallTolerance;
  final Param<String> mgritStallOn;
  final BooleanParam mgritStallCarry;

  final IntParam nestedLevels;
  final IntParam nestedFactor;
  final Param<String> nestedInterpolation;
  final IntArrayParam nestedEpochs;
  final DoubleArrayParam nestedStopAtTrainAccuracy;
  final DoubleArrayParam nestedLearningRate;
  final StringArrayParam nestedOptimizer;
  final IntArrayParam nestedBatchSize;
  final IntParam nestedRefineSteps;
  final IntParam nestedRefineCycleFactor;

  final IntParam numPartitions;
  final DoubleParam validationFraction;
  final LongParam dataSeed;
  final Param<String> progress;

  ParamSet(Params o) {
    width = new IntParam(o, "width", "channels of every residual layer (model.width)", atLeast("width", 1));
    layers = new IntParam(o, "layers", "number of residual layers N, the time steps (model.layers)", atLeast("layers", 1));
    finalTime = new DoubleParam(o, "finalTime", "final time T; step h = T/N (model.T)", finitePositive("finalTime"));
    activation = new Param<>(o, "activation", "tanh | relu | smoothrelu (model.activation)",
        parsedBy("activation", Activation::parse));
    bias = new Param<>(o, "bias", "scalar (one per layer) | channel (model.bias)", parsedBy("bias", BiasMode::parse));
    initOpen = new DoubleParam(o, "initOpen", "scale of the opening layer's random weights (init.open)", atLeast("initOpen", 0));
    initHidden = new DoubleParam(o, "initHidden", "scale of the residual layers' random weights (init.hidden)",
        atLeast("initHidden", 0));
    initClass = new DoubleParam(o, "initClass", "scale of the classifier's random weights (init.class)", atLeast("initClass", 0));

    regTik = new DoubleParam(o, "regTik", "gamma_tik: Tikhonov on the residual layers (reg.tik)", atLeast("regTik", 0));
    regDdt = new DoubleParam(o, "regDdt", "gamma_ddt: penalty on the change of weights from layer to layer (reg.ddt)",
        atLeast("regDdt", 0));
    regCls = new DoubleParam(o, "regCls", "gamma_cls: Tikhonov on the classifier (reg.cls)", atLeast("regCls", 0));
    regScaled = new BooleanParam(o, "regScaled", "multiply the hidden-layer sums by h, depth-independent (reg.scaled)");

    optimizer = new Param<>(o, "optimizer", "sgd | adam | lbfgs (train.optimizer)", parsedBy("optimizer", Optimizer.Kind::parse));
    learningRate = new DoubleParam(o, "learningRate", "step size of sgd and adam; lbfgs ignores it (train.learningRate)",
        positive("learningRate"));
    momentum = new DoubleParam(o, "momentum", "sgd momentum (train.momentum)", inRange("momentum", 0, 1, true, false));
    lbfgsMemory = new IntParam(o, "lbfgsMemory", "L-BFGS curvature pairs (train.lbfgsMemory)", atLeast("lbfgsMemory", 1));
    epochs = new IntParam(o, "epochs", "passes over the training set; full batch: optimisation steps (train.epochs)",
        atLeast("epochs", 1));
    batchSize = new IntParam(o, "batchSize",
        "examples per step, 0 = full batch; when > 0, at least the number of partitions (train.batchSize)",
        atLeast("batchSize", 0));
    lrDecay = new DoubleParam(o, "lrDecay", "learning rate multiplied by this after every epoch (train.lrDecay)",
        inRange("lrDecay", 0, 1, false, true));
    keepBest = new BooleanParam(o, "keepBest",
        "keep the parameters of the epoch with the best validation accuracy (train.keepBest)");
    stopAtTrainAccuracy = new DoubleParam(o, "stopAtTrainAccuracy",
        "stop once training accuracy reaches this; above 1 = never (train.stopAtTrainAccuracy)",
        positive("stopAtTrainAccuracy"));
    progressEvery = new IntParam(o, "progressEvery", "report progress every this many epochs (train.progressEvery)",
        atLeast("progressEvery", 1));
    gradients = new Param<>(o, "gradients", "where serial propagation sums a batch: spark (a job over the data"
        + " partitions) | driver (the partitions collected once, for small data) (train.gradients)",
        parsedBy("gradients", TrainingSettings.Gradients::parse));
    seed = new LongParam(o, "seed", "seed of initialisation, minibatch order and, unless dataSeed is set, the"
        + " validation split (seed)");

    propagation = new Param<>(o, "propagation", "serial | mgrit: how the residual layers are solved (propagation)",
        parsedBy("propagation", PropagationSpec.Kind::parse));
    mgritMode = new Param<>(o, "mgritMode", "oneshot (fixed cycles, warm-started) | converged (mgrit.mode)",
        parsedBy("mgritMode", ParamSet::parseMgritMode));
    mgritMaxLevels = new IntParam(o, "mgritMaxLevels", "most levels of the MGRIT hierarchy (mgrit.maxLevels)",
        atLeast("mgritMaxLevels", 1));
    mgritCfactor = new IntArrayParam(o, "mgritCfactor", "coarsening factor, one per level; the last applies below (mgrit.cfactor)",
        allAtLeast("mgritCfactor", 2));
    mgritNrelax = new IntArrayParam(o, "mgritNrelax", "CF sweeps before F-relaxation per level, 0 = F, 1 = FCF (mgrit.nrelax)",
        allAtLeast("mgritNrelax", 0));
    mgritMinCoarse = new IntParam(o, "mgritMinCoarse", "fewest intervals on the coarsest grid (mgrit.minCoarse)",
        atLeast("mgritMinCoarse", 2));
    mgritAbsTol = new DoubleParam(o, "mgritAbsTol", "converged mode: absolute residual tolerance (mgrit.absTol)",
        atLeast("mgritAbsTol", 0));
    mgritRelTol = new DoubleParam(o, "mgritRelTol", "converged mode: relative residual tolerance, 0 = off (mgrit.relTol)",
        atLeast("mgritRelTol", 0));
    mgritMaxIter = new IntParam(o, "mgritMaxIter", "converged mode: most V-cycles per solve (mgrit.maxIter)",
        atLeast("mgritMaxIter", 1));
    mgritSkip = new BooleanParam(o, "mgritSkip", "no relaxation on the first down-cycle of a cold start (mgrit.skip)");
    mgritFmg = new BooleanParam(o, "mgritFmg", "F-cycles instead of V-cycles (mgrit.fmg)");
    mgritForwardIterations = new IntParam(o, "mgritForwardIterations",
        "one-shot mode: V-cycles per forward solve (mgrit.forwardIterations)", atLeast("mgritForwardIterations", 1));
    mgritBackwardIterations = new IntParam(o, "mgritBackwardIterations",
        "one-shot mode: V-cycles per backward solve (mgrit.backwardIterations)", atLeast("mgritBackwardIterations", 1));
    mgritCoarseWeights = new Param<>(o, "mgritCoarseWeights",
        "weights of a coarse step over several layers: mean (of the layers it spans) | first (the layer where it starts)"
            + " (mgrit.coarseWeights)",
        parsedBy("mgritCoarseWeights", CoarseWeights::parse));
    mgritEngine = new Param<>(o, "mgritEngine",
        "jvm (time points in the driver) | spark (in RDD partitions: layer blocks x data shards) (mgrit.engine)",
        parsedBy("mgritEngine", PropagationSpec.Engine::parse));
    mgritLayerPartitions = new IntParam(o, "mgritLayerPartitions",
        "layer blocks (time-slices) per level: partitions of the Spark engine (mgrit.layerPartitions)",
        atLeast("mgritLayerPartitions", 1));
    mgritDataShards = new IntParam(o, "mgritDataShards",
        "Spark engine: column shards of each batch; partitions = layer blocks x shards (mgrit.dataShards)",
        atLeast("mgritDataShards", 1));
    mgritOnStall = new Param<>(o, "mgritOnStall",
        "one-shot MGRIT, when the loss mgritStallOn names stalls: none | more (double the cycles) | serial (mgrit.onStall)",
        parsedBy("mgritOnStall", StallPolicy.Action::parse));
    mgritStallWindow = new IntParam(o, "mgritStallWindow", "epochs without enough improvement that make a stall (mgrit.stallWindow)",
        atLeast("mgritStallWindow", 1));
    mgritStallTolerance = new DoubleParam(o, "mgritStallTolerance",
        "relative loss improvement over the window that is enough (mgrit.stallTolerance)",
        inRange("mgritStallTolerance", 0, 1, true, false));
    mgritStallOn = new Param<>(o, "mgritStallOn",
        "the loss that makes a stall: exact (the training loss computed exactly on a fixed sample of 1000 examples: sees the one-shot bias, keeps falling when overfitting) | validation (exact too, but also stalls when overfitting) | training (the one-shot loss: blind to the bias) (mgrit.stallOn)",
        parsedBy("mgritStallOn", StallPolicy.Watch::parse));
    mgritStallCarry = new BooleanParam(o, "mgritStallCarry",
        "nested iteration: start each level with the solves a stall tightened the previous one to (false: with the"
            + " configured ones) (mgrit.stallCarry)");

    nestedLevels = new IntParam(o, "nestedLevels",
        "nested iteration: levels of depth N/r^(L-1) -> ... -> N = layers; 1 = off (nested.levels)", atLeast("nestedLevels", 1));
    nestedFactor = new IntParam(o, "nestedFactor", "nested iteration: depth multiplied by this at every refinement (nested.factor)",
        atLeast("nestedFactor", 2));
    nestedInterpolation = new Param<>(o, "nestedInterpolation",
        "constant | linear (T kept, h shrinks) | zero (new layers zero, h kept; finalTime is the last level's T) (nested.interpolation)",
        parsedBy("nestedInterpolation", DepthRefinement::parse));
    // Per-level lists: empty = the train.* value at every level, one value = all levels, else one
    // per level, coarsest first (whether the count fits nestedLevels is checked with all params, at fit).
    nestedEpochs = new IntArrayParam(o, "nestedEpochs", "epoch cap per level; empty = epochs (nested.epochs)",
        eachAtLeast("nestedEpochs", 1));
    nestedStopAtTrainAccuracy = new DoubleArrayParam(o, "nestedStopAtTrainAccuracy",
        "training accuracy that ends a level early, per level; empty = stopAtTrainAccuracy (nested.stopAtTrainAccuracy)",
        eachPositive("nestedStopAtTrainAccuracy"));
    nestedLearningRate = new DoubleArrayParam(o, "nestedLearningRate",
        "learning rate per level, the optimiser restarting every level; empty = learningRate (nested.learningRate)",
        eachPositive("nestedLearningRate"));
    nestedOptimizer = new StringArrayParam(o, "nestedOptimizer",
        "optimiser per level, sgd | adam | lbfgs; empty = optimizer (nested.optimizer)",
        eachParsedBy("nestedOptimizer", Optimizer.Kind::parse));
    nestedBatchSize = new IntArrayParam(o, "nestedBatchSize",
        "minibatch size per level, 0 = full batch; empty = batchSize (nested.batchSize)", eachAtLeast("nestedBatchSize", 0));
    nestedRefineSteps = new IntParam(o, "nestedRefineSteps",
        "MGRIT one-shot: this many solves per shard after each refinement use more cycles; 0 = off (nested.refineSteps)",
        atLeast("nestedRefineSteps", 0));
    nestedRefineCycleFactor = new IntParam(o, "nestedRefineCycleFactor",
        "MGRIT one-shot: cycles of those solves, as a multiple of the forward/backward iterations (nested.refineCycleFactor)",
        atLeast("nestedRefineCycleFactor", 1));

    numPartitions = new IntParam(o, "numPartitions",
        "Spark partitions (data shards) of the training set; 0 = keep the input's partitioning (data.partitions)",
        atLeast("numPartitions", 0));
    validationFraction = new DoubleParam(o, "validationFraction",
        "share of the input held out (seeded) for validation and keepBest; 0 = none (data.validationFraction)",
        inRange("validationFraction", 0, 1, true, false));
    // No default: unset means seed, as the empty data.seed does.
    dataSeed = new LongParam(o, "dataSeed", "seed of the validation split; unset = seed (set it to hold the split"
        + " fixed while seed varies the training) (data.seed)");
    progress = new Param<>(o, "progress", "training progress on stdout: quiet | console | json (output.progress)",
        parsedBy("progress", m -> Progress.forMode(m, System.out)));
  }

  static String parseMgritMode(String m) {
    String v = m.strip().toLowerCase(Locale.ROOT);
    if (!v.equals("oneshot") && !v.equals("converged")) {
      throw new IllegalArgumentException("must be oneshot or converged, got '" + m + "'");
    }
    return v;
  }

  /** The defaults: the CLI's, except numPartitions (keep the input's) and progress (quiet). */
  @SuppressWarnings("unchecked")
  void setDefaults(Params o) {
    Object[][] defaults = {
        {width, 8}, {layers, 32}, {finalTime, 1.0}, {activation, "smoothrelu"}, {bias, "scalar"},
        {initOpen, 1.0}, {initHidden, 1.0}, {initClass, 1.0},
        {regTik, 1e-7}, {regDdt, 1e-5}, {regCls, 1e-7}, {regScaled, false},
        {optimizer, "adam"}, {learningRate, 0.01}, {momentum, 0.9}, {lbfgsMemory, 10}, {epochs, 100}, {batchSize, 0},
        {lrDecay, 1.0}, {keepBest, true}, {stopAtTrainAccuracy, 2.0}, {progressEvery, 1}, {gradients, "spark"}, {seed, 1L},
        {propagation, "serial"}, {mgritMode, "oneshot"}, {mgritMaxLevels, 10}, {mgritCfactor, new int[] {2}},
        {mgritNrelax, new int[] {0, 1}}, {mgritMinCoarse, 2}, {mgritAbsTol, 1e-9}, {mgritRelTol, 0.0},
        {mgritMaxIter, 50}, {mgritSkip, true}, {mgritFmg, false}, {mgritForwardIterations, 2},
        {mgritBackwardIterations, 1}, {mgritCoarseWeights, "mean"}, {mgritEngine, "jvm"}, {mgritLayerPartitions, 1},
        {mgritDataShards, 1}, {mgritOnStall, "none"}, {mgritStallWindow, 20}, {mgritStallTolerance, 1e-3},
        {mgritStallOn, "exact"}, {mgritStallCarry, true},
        {nestedLevels, 1}, {nestedFactor, 2}, {nestedInterpolation, "linear"}, {nestedEpochs, new int[0]},
        {nestedStopAtTrainAccuracy, new double[0]}, {nestedLearningRate, new double[0]}, {nestedOptimizer, new String[0]},
        {nestedBatchSize, new int[0]}, {nestedRefineSteps, 0}, {nestedRefineCycleFactor, 2},
        {numPartitions, 0}, {validationFraction, 0.1}, {progress, "quiet"}};
    for (Object[] d : defaults) o.setDefault((Param<Object>) d[0], d[1]);
  }
}
