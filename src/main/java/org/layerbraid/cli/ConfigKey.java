package org.layerbraid.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the commands understand, with its default and meaning. One list serves
 * validation (unknown keys are errors, so a typo cannot silently train the wrong model), defaults,
 * and the table printed by {@code layerbraid keys} and kept in README.
 */
public record ConfigKey(String name, String defaultValue, String description) {

  public static final List<ConfigKey> ALL = List.of(
      new ConfigKey("data.kind", "peaks", "peaks | fashion-mnist | libsvm | csv | parquet | indian-pines"),
      new ConfigKey("data.path", "", "file, folder or glob (any Hadoop path for libsvm/csv/parquet; IDX folder for fashion-mnist)"),
      new ConfigKey("data.validationPath", "", "separate validation data; empty = split data.validationFraction off"),
      new ConfigKey("data.validationFraction", "0.1", "share of the training data held out when there is no validation path"),
      new ConfigKey("data.numFeatures", "0", "expected feature count (0 = take it from the data)"),
      new ConfigKey("data.numClasses", "0", "number of classes, labels 0..k-1 (0 = the built-in data set's own)"),
      new ConfigKey("data.partitions", "2", "Spark partitions (data shards) of the training set"),
      new ConfigKey("data.seed", "", "seed of the validation split and of Peaks' sample; empty = seed (set it to hold the data fixed over a study's seeds)"),
      new ConfigKey("peaks.trainPerClass", "1000", "Peaks training points per class"),
      new ConfigKey("peaks.validationPerClass", "40", "Peaks validation points per class"),
      new ConfigKey("model.width", "8", "channels of every residual layer"),
      new ConfigKey("model.layers", "32", "number of residual layers N (time steps)"),
      new ConfigKey("model.T", "1.0", "final time T; step h = T/N"),
      new ConfigKey("model.activation", "smoothrelu", "tanh | relu | smoothrelu"),
      new ConfigKey("model.bias", "scalar", "scalar (one per layer, the authors' choice) | channel"),
      new ConfigKey("init.open", "1.0", "scale of the opening layer's random weights (× N(0,1)/√fan-in)"),
      new ConfigKey("init.hidden", "1.0", "scale of the residual layers' random weights"),
      new ConfigKey("init.class", "1.0", "scale of the classifier's random weights"),
      new ConfigKey("reg.tik", "1e-7", "γ_tik: Tikhonov on the residual layers"),
      new ConfigKey("reg.ddt", "1e-5", "γ_ddt: penalty on the change of weights from layer to layer"),
      new ConfigKey("reg.cls", "1e-7", "γ_cls: Tikhonov on the classifier"),
      new ConfigKey("reg.scaled", "false", "multiply the hidden-layer sums by h (Riemann sums; depth-independent)"),
      new ConfigKey("train.optimizer", "adam", "sgd | adam | lbfgs"),
      new ConfigKey("train.learningRate", "0.01", "step size of sgd and adam"),
      new ConfigKey("train.momentum", "0.9", "sgd momentum"),
      new ConfigKey("train.lbfgsMemory", "10", "L-BFGS curvature pairs"),
      new ConfigKey("train.epochs", "100", "passes over the training set (full batch: optimisation steps)"),
      new ConfigKey("train.batchSize", "0", "examples per step; 0 = full batch"),
      new ConfigKey("train.lrDecay", "1.0", "learning rate multiplied by this after every epoch"),
      new ConfigKey("train.keepBest", "true", "keep the parameters of the epoch with the best validation accuracy"),
      new ConfigKey("train.stopAtTrainAccuracy", "2", "stop once training accuracy reaches this (above 1 = never)"),
      new ConfigKey("train.progressEvery", "1", "print progress every this many epochs"),
      new ConfigKey("train.gradients", "spark", "where serial propagation sums a batch: spark (a job over the data partitions) | driver (the partitions collected once; for data so small that a job's fixed cost dominates)"),
      new ConfigKey("seed", "1", "seed of initialisation and minibatch order, and of the data unless data.seed is set"),
      new ConfigKey("propagation", "serial", "serial | mgrit: how the residual layers are solved forwards and backwards"),
      new ConfigKey("mgrit.mode", "oneshot", "oneshot (fixed iterations, warm-started) | converged (solve to tolerance)"),
      new ConfigKey("mgrit.maxLevels", "10", "most levels of the MGRIT hierarchy"),
      new ConfigKey("mgrit.cfactor", "2", "coarsening factor; a comma list gives one per level"),
      new ConfigKey("mgrit.nrelax", "0,1", "CF sweeps before F-relaxation per level (0 = F, 1 = FCF); comma list per level"),
      new ConfigKey("mgrit.minCoarse", "2", "fewest intervals on the coarsest grid"),
      new ConfigKey("mgrit.absTol", "1e-9", "converged mode: stop when the residual norm is below this"),
      new ConfigKey("mgrit.relTol", "0", "converged mode: or below this times the first residual norm (0 = off)"),
      new ConfigKey("mgrit.maxIter", "50", "converged mode: most V-cycles per solve"),
      new ConfigKey("mgrit.skip", "true", "no relaxation on the first down-cycle of a cold start"),
      new ConfigKey("mgrit.fmg", "false", "F-cycles instead of V-cycles"),
      new ConfigKey("mgrit.coarseWeights", "mean", "weights of a coarse step over several layers: mean (of the layers it spans) | first (the layer where it starts)"),
      new ConfigKey("mgrit.forwardIterations", "2", "one-shot mode: V-cycles per forward solve"),
      new ConfigKey("mgrit.backwardIterations", "1", "one-shot mode: V-cycles per backward solve"),
      new ConfigKey("mgrit.engine", "jvm", "jvm (time points in the driver) | spark (in RDD partitions)"),
      new ConfigKey("mgrit.layerPartitions", "1", "layer blocks (time-slices) per level: partitions of the Spark engine"),
      new ConfigKey("mgrit.dataShards", "1", "Spark engine: column shards of each batch (partitions = layer blocks x shards)"),
      new ConfigKey("mgrit.onStall", "none", "one-shot MGRIT, when the loss stalls: none | more (double the cycles) | serial"),
      new ConfigKey("mgrit.stallOn", "exact", "the loss that makes a stall: exact (the training loss computed exactly on a fixed sample of 1000 examples: sees the one-shot bias, keeps falling when overfitting) | validation (exact too, but also stalls when overfitting) | training (the one-shot loss: blind to the bias)"),
      new ConfigKey("mgrit.stallWindow", "20", "epochs without enough improvement that make a stall"),
      new ConfigKey("mgrit.stallTolerance", "1e-3", "relative loss improvement over the window that is enough"),
      new ConfigKey("mgrit.stallCarry", "true", "nested iteration: start each level with the solves a stall tightened the previous one to (false: with the configured ones)"),
      new ConfigKey("nested.levels", "1", "nested iteration: levels of depth N/r^(L-1) -> ... -> N = model.layers (1 = off: plain training)"),
      new ConfigKey("nested.factor", "2", "nested iteration: depth multiplied by this at every refinement (r)"),
      new ConfigKey("nested.interpolation", "linear", "constant | linear (T kept, h shrinks) | zero (new layers zero, h kept, T multiplied; model.T is the final T)"),
      new ConfigKey("nested.epochs", "", "epoch cap per level, coarsest first; one value = all levels (empty = train.epochs)"),
      new ConfigKey("nested.stopAtTrainAccuracy", "", "training accuracy that ends a level early, per level (empty = train.stopAtTrainAccuracy)"),
      new ConfigKey("nested.learningRate", "", "learning rate per level; the optimiser restarts every level (empty = train.learningRate)"),
      new ConfigKey("nested.optimizer", "", "optimiser per level: sgd | adam | lbfgs (empty = train.optimizer)"),
      new ConfigKey("nested.batchSize", "", "minibatch size per level, 0 = full batch (empty = train.batchSize); shallow levels' steps are cheap, larger batches there pay the per-step Spark job less often"),
      new ConfigKey("nested.refineSteps", "0", "mgrit one-shot: this many solves per shard after each refinement use more cycles (0 = off)"),
      new ConfigKey("nested.refineCycleFactor", "2", "mgrit one-shot: cycles of those solves, as a multiple of mgrit.forward/backwardIterations"),
      new ConfigKey("output.progress", "console", "console | quiet | json (one JSON object per line, for schedulers)"),
      new ConfigKey("study.seeds", "1,2,3,4,5", "study nested: seeds (initialisation, batch order, and the data draw unless data.seed is set)"),
      new ConfigKey("study.sweep", "", "study nested: cases besides the base, one key changed at a time: key=v1,v2; key2=v3 (values that are lists: key=a,b|c,d, or key=a,b| for one)"),
      new ConfigKey("study.arms", "nested,random,mllib", "study nested: nested iteration, random start at the final depth, MLlib's MultilayerPerceptronClassifier"),
      new ConfigKey("study.target", "0.9", "study nested: accuracy on the target set (Peaks grid, else test, else validation) whose first crossing times a run"),
      new ConfigKey("study.monitorEvery", "10", "study nested: measure the target set every this many epochs (not charged to the run's time)"),
      new ConfigKey("study.randomStepFactor", "1.5", "study nested: the random start's steps as a multiple of nested iteration's (the authors' equal-cost rule)"),
      new ConfigKey("study.mlpHidden", "32,32", "study nested: hidden layer sizes of the MLlib baseline"),
      new ConfigKey("study.mlpChunk", "20", "study nested: MLlib L-BFGS iterations between measurements"));

  private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

  static {
    for (ConfigKey k : ALL) BY_NAME.put(k.name(), k);
  }

  public static ConfigKey find(String name) { return BY_NAME.get(name); }

  /** A Markdown table of all keys, for README and {@code layerbraid keys}. */
  public static String markdownTable() {
    StringBuilder s = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
    for (ConfigKey k : ALL) {
      s.append("| `").append(k.name()).append("` | `").append(k.defaultValue()).append("` | ")
          .append(k.description().replace("|", "\\|")).append(" |\n");
    }
    return s.toString();
  }
}
