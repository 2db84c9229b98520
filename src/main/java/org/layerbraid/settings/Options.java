package org.layerbraid.settings;

import static org.layerbraid.settings.Check.ANY;
import static org.layerbraid.settings.Check.atLeast;
import static org.layerbraid.settings.Check.choice;
import static org.layerbraid.settings.Check.each;
import static org.layerbraid.settings.Check.factor;
import static org.layerbraid.settings.Check.nonBlank;
import static org.layerbraid.settings.Check.nonEmpty;
import static org.layerbraid.settings.Check.positive;
import static org.layerbraid.settings.Check.share;
import static org.layerbraid.settings.Option.both;
import static org.layerbraid.settings.Option.cli;
import static org.layerbraid.settings.Type.BOOLEAN;
import static org.layerbraid.settings.Type.DOUBLE;
import static org.layerbraid.settings.Type.DOUBLES;
import static org.layerbraid.settings.Type.INT;
import static org.layerbraid.settings.Type.INTS;
import static org.layerbraid.settings.Type.LONG;
import static org.layerbraid.settings.Type.STRING;
import static org.layerbraid.settings.Type.STRINGS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbraid.data.DataSpec;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.report.Progress;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.StallPolicy;
import org.layerbraid.train.TrainingSettings;

/**
 * Every option of a run, declared once: key, ML param, type, default, rule and meaning. Unknown keys
 * are errors, so a typo cannot silently train the wrong model. The MGRIT solver's defaults are
 * {@link MgritOptions#DEFAULTS}'s, so the solver and its options cannot disagree.
 */
public final class Options {
  private Options() {}

  private static final MgritOptions SOLVER = MgritOptions.DEFAULTS;

  public static final List<Option> ALL = List.of(
      cli("data.kind", STRING, "peaks", choice(DataSpec.Kind::parse),
          "peaks | fashion-mnist | libsvm | csv | parquet | table | indian-pines"),
      cli("data.path", STRING, "", ANY, "file, folder or glob (any Hadoop path for libsvm/csv/parquet; IDX folder for"
          + " fashion-mnist); for table, the table's name (spark.read.table)"),
      cli("data.validationPath", STRING, "", ANY, "separate validation data; empty = split data.validationFraction off"),
      both("data.validationFraction", "validationFraction", DOUBLE, 0.1, share(),
          "share of the training data held out (seeded) for validation when there is no validation path; 0 = none"),
      cli("data.numFeatures", INT, 0, atLeast(0), "expected feature count (0 = take it from the data)"),
      cli("data.numClasses", INT, 0, atLeast(0), "number of classes, labels 0..k-1 (0 = the built-in data set's own;"
          + " for libsvm, csv, parquet and table the largest training label + 1, as Spark ML infers it)"),
      cli("data.labelCol", STRING, "label", nonBlank(), "csv, parquet, table: the label column, 0-based class indices (a"
          + " CSV without header names its columns by 1-based position: 1, 2, ...)"),
      cli("data.featuresCol", STRINGS, new String[0], ANY, "csv, parquet, table: the feature columns, comma-separated;"
          + " one may hold vectors or arrays of numbers, several numeric ones are put side by side (empty = every column"
          + " but the label for csv, features for parquet and table)"),
      cli("data.header", BOOLEAN, true, ANY, "csv: the first line of every file names the columns"),
      cli("data.delimiter", STRING, ",", nonBlank(), "csv: the field separator, e.g. ; or \\t for a tab"),
      new Option("data.partitions", "numPartitions", INT, 2, 0, false, atLeast(0),
          "Spark partitions (data shards) of the training set (ML API: default 0 = keep the input's partitioning)"),
      new Option("data.seed", "dataSeed", LONG, null, null, true, ANY,
          "seed of the validation split and of Peaks' sample; empty = seed (set it to hold the data fixed over a study's seeds)"),
      cli("peaks.trainPerClass", INT, 1000, atLeast(1), "Peaks training points per class"),
      cli("peaks.validationPerClass", INT, 40, atLeast(1), "Peaks validation points per class"),
      both("model.width", "width", INT, 8, atLeast(1), "channels of every residual layer"),
      both("model.layers", "depth", INT, 32, atLeast(1), "number of residual layers N (time steps)"),
      both("model.T", "finalTime", DOUBLE, 1.0, positive(), "final time T; step h = T/N"),
      both("model.activation", "activation", STRING, "smoothrelu", choice(Activation::parse), "tanh | relu | smoothrelu"),
      both("model.bias", "bias", STRING, "scalar", choice(BiasMode::parse),
          "scalar (one per layer, the authors' choice) | channel"),
      both("init.open", "initOpen", DOUBLE, 1.0, atLeast(0), "scale of the opening layer's random weights (× N(0,1)/√fan-in)"),
      both("init.hidden", "initHidden", DOUBLE, 1.0, atLeast(0), "scale of the residual layers' random weights"),
      both("init.class", "initClass", DOUBLE, 1.0, atLeast(0), "scale of the classifier's random weights"),
      both("reg.tik", "regTik", DOUBLE, 1e-7, atLeast(0), "γ_tik: Tikhonov on the residual layers"),
      both("reg.ddt", "regDdt", DOUBLE, 1e-5, atLeast(0), "γ_ddt: penalty on the change of weights from layer to layer"),
      both("reg.cls", "regCls", DOUBLE, 1e-7, atLeast(0), "γ_cls: Tikhonov on the classifier"),
      both("reg.scaled", "regScaled", BOOLEAN, false, ANY,
          "multiply the hidden-layer sums by h (Riemann sums; depth-independent)"),
      both("train.optimizer", "solver", STRING, "adam", choice(Optimizer.Kind::parse),
          "adam | l-bfgs | gd (momentum SGD); lbfgs and sgd are accepted too"),
      both("train.learningRate", "stepSize", DOUBLE, 0.01, positive(), "step size of gd and adam; l-bfgs ignores it"),
      both("train.momentum", "momentum", DOUBLE, 0.9, share(), "sgd momentum"),
      both("train.lbfgsMemory", "lbfgsMemory", INT, 10, atLeast(1), "L-BFGS curvature pairs"),
      both("train.epochs", "maxIter", INT, 100, atLeast(1), "passes over the training set (full batch: optimisation steps)"),
      both("train.batchSize", "batchSize", INT, 0, atLeast(0),
          "examples per step; 0 = full batch; when > 0, at least the number of data partitions"),
      both("train.lrDecay", "stepSizeDecay", DOUBLE, 1.0, factor(), "learning rate multiplied by this after every epoch"),
      both("train.keepBest", "keepBest", BOOLEAN, true, ANY,
          "keep the parameters of the epoch with the best validation accuracy"),
      both("train.stopAtTrainAccuracy", "stopAtTrainAccuracy", DOUBLE, 2.0, positive(),
          "stop once training accuracy reaches this (above 1 = never)"),
      both("train.progressEvery", "progressEvery", INT, 1, atLeast(1), "print progress every this many epochs"),
      both("train.gradients", "gradients", STRING, "spark", choice(TrainingSettings.Gradients::parse),
          "where serial propagation sums a batch: spark (by Spark tasks over the data partitions) | driver (the"
              + " partitions fetched once; faster on one machine, where it needs no exchange between tasks; on a cluster"
              + " it brings the training set to the driver)"),
      both("seed", "seed", LONG, 1L, ANY,
          "seed of initialisation and minibatch order, and of the data unless data.seed is set"),
      both("propagation", "propagation", STRING, "serial", choice(PropagationSpec.Kind::parse),
          "serial | mgrit: how the residual layers are solved forwards and backwards"),
      both("mgrit.mode", "mgritMode", STRING, "oneshot", choice(PropagationSpec::parseOneShot),
          "oneshot (fixed iterations, warm-started) | converged (solve to tolerance)"),
      both("mgrit.maxLevels", "mgritMaxLevels", INT, SOLVER.maxLevels(), atLeast(1), "most levels of the MGRIT hierarchy"),
      both("mgrit.cfactor", "mgritCfactor", INTS, SOLVER.cfactors(), nonEmpty(atLeast(2)),
          "coarsening factor; a comma list gives one per level, the last applying below"),
      both("mgrit.nrelax", "mgritNrelax", INTS, SOLVER.nrelax(), nonEmpty(atLeast(0)),
          "CF sweeps before F-relaxation per level (0 = F, 1 = FCF); comma list per level, the last applying below"),
      both("mgrit.minCoarse", "mgritMinCoarse", INT, SOLVER.minCoarse(), atLeast(2), "fewest intervals on the coarsest grid"),
      both("mgrit.absTol", "mgritAbsTol", DOUBLE, SOLVER.absTol(), atLeast(0),
          "converged mode: stop when the residual norm is below this"),
      both("mgrit.relTol", "mgritRelTol", DOUBLE, SOLVER.relTol(), atLeast(0),
          "converged mode: or below this times the first residual norm (0 = off)"),
      both("mgrit.maxIter", "mgritMaxIter", INT, SOLVER.maxIter(), atLeast(1), "converged mode: most cycles per solve"),
      both("mgrit.skip", "mgritSkip", BOOLEAN, SOLVER.skip(), ANY, "no relaxation on the first down-cycle of a cold start"),
      both("mgrit.fmg", "mgritFmg", BOOLEAN, SOLVER.fmg(), ANY, "F-cycles instead of V-cycles"),
      both("mgrit.coarseWeights", "mgritCoarseWeights", STRING, "mean", choice(CoarseWeights::parse),
          "weights of a coarse step over several layers: mean (of the layers it spans) | first (the layer where it starts)"),
      both("mgrit.forwardIterations", "mgritForwardIterations", INT, 2, atLeast(1), "one-shot mode: cycles per forward solve"),
      both("mgrit.backwardIterations", "mgritBackwardIterations", INT, 1, atLeast(1),
          "one-shot mode: cycles per backward solve"),
      both("mgrit.engine", "mgritEngine", STRING, "jvm", choice(PropagationSpec.EngineKind::parse),
          "jvm (time points in the driver) | spark (layer blocks x data shards held by long-running Spark tasks:"
              + " one barrier stage per minibatch epoch with Adam or gd and one data shard, the weights kept in the"
              + " tasks; else per training step or solve; where the tasks do not all have a slot, the solves go"
              + " on the stage engine; also spelled resident) | stages (the same blocks in RDD partitions, a stage per"
              + " sweep: the reference)"),
      both("mgrit.layerPartitions", "mgritLayerPartitions", INT, 1, atLeast(1),
          "layer blocks (time-slices) per level: partitions of the Spark engine"),
      both("mgrit.dataShards", "mgritDataShards", INT, 1, atLeast(1),
          "Spark engine: column shards of each batch (partitions = layer blocks x shards)"),
      both("mgrit.onStall", "mgritOnStall", STRING, "none", choice(StallPolicy.Action::parse),
          "one-shot MGRIT, when the loss stalls: none | more (double the cycles) | serial"),
      both("mgrit.stallOn", "mgritStallOn", STRING, "exact", choice(StallPolicy.Watch::parse),
          "the loss that makes a stall: exact (the training loss computed exactly on a fixed sample of 1000 examples:"
              + " sees the one-shot bias, keeps falling when overfitting) | validation (exact too, but also stalls when"
              + " overfitting) | training (the one-shot loss: blind to the bias)"),
      both("mgrit.stallWindow", "mgritStallWindow", INT, 20, atLeast(1), "epochs without enough improvement that make a stall"),
      both("mgrit.stallTolerance", "mgritStallTolerance", DOUBLE, 1e-3, share(),
          "relative loss improvement over the window that is enough"),
      both("mgrit.stallCarry", "mgritStallCarry", BOOLEAN, true, ANY,
          "nested iteration: start each level with the solves a stall tightened the previous one to (false: with the"
              + " configured ones)"),
      both("nested.levels", "nestedLevels", INT, 1, atLeast(1),
          "nested iteration: levels of depth N/r^(L-1) -> ... -> N = model.layers (1 = off: plain training)"),
      both("nested.factor", "nestedFactor", INT, 2, atLeast(2), "nested iteration: depth multiplied by this at every refinement (r)"),
      both("nested.interpolation", "nestedInterpolation", STRING, "linear", choice(DepthRefinement::parse),
          "constant | linear (T kept, h shrinks) | zero (new layers zero, h kept, T multiplied; model.T is the final T)"),
      both("nested.epochs", "nestedMaxIter", INTS, new int[0], each(atLeast(1)),
          "epoch cap per level, coarsest first; one value = all levels (empty = train.epochs)"),
      both("nested.stopAtTrainAccuracy", "nestedStopAtTrainAccuracy", DOUBLES, new double[0], each(positive()),
          "training accuracy that ends a level early, per level (empty = train.stopAtTrainAccuracy)"),
      both("nested.learningRate", "nestedStepSize", DOUBLES, new double[0], each(positive()),
          "learning rate per level; the optimiser restarts every level (empty = train.learningRate)"),
      both("nested.optimizer", "nestedSolver", STRINGS, new String[0], each(choice(Optimizer.Kind::parse)),
          "optimiser per level: adam | l-bfgs | gd (empty = train.optimizer)"),
      both("nested.batchSize", "nestedBatchSize", INTS, new int[0], each(atLeast(0)),
          "minibatch size per level, 0 = full batch (empty = train.batchSize); shallow levels' steps are cheap, larger"
              + " batches there pay the per-step Spark job less often"),
      both("nested.refineSteps", "nestedRefineSteps", INT, 0, atLeast(0),
          "mgrit one-shot: this many solves per shard after each refinement use more cycles (0 = off)"),
      both("nested.refineCycleFactor", "nestedRefineCycleFactor", INT, 2, atLeast(1),
          "mgrit one-shot: cycles of those solves, as a multiple of mgrit.forward/backwardIterations"),
      new Option("output.progress", "progress", STRING, "console", "quiet", false, choice(m -> Progress.forMode(m, System.out)),
          "console | quiet | json (one JSON object per line, for schedulers) (ML API: default quiet)"),
      cli("checkpoint.every", INT, 10, atLeast(0), "train: save the run's state to checkpoint/ in the output folder after"
          + " every this many epochs of a level (0 = never); train --resume continues from it"),
      cli("study.seeds", INTS, new int[] {1, 2, 3, 4, 5}, nonEmpty(ANY),
          "study nested: seeds (initialisation, batch order, and the data draw unless data.seed is set)"),
      cli("study.sweep", STRING, "", ANY, "study nested: cases besides the base, one key changed at a time: key=v1,v2;"
          + " key2=v3 (values that are lists: key=a,b|c,d, or key=a,b| for one)"),
      cli("study.arms", STRING, "nested,random,mllib", ANY,
          "study nested: nested iteration, random start at the final depth, MLlib's MultilayerPerceptronClassifier"),
      cli("study.target", DOUBLE, 0.9, positive(), "study nested: accuracy on the target set (Peaks grid, else test, else"
          + " validation) whose first crossing times a run"),
      cli("study.nestedGrid", STRING, "", ANY, "study nested: nested iteration's tuning grid, every combination tried in"
          + " every case: key=v1,v2; key2=w1,w2 (train. and nested. keys; list values: key=a,b|c,d); the setting with"
          + " the best median validation accuracy over seeds is compared (empty = the configured schedule)"),
      cli("study.randomGrid", STRING, "", ANY, "study nested: the random start's tuning grid (train. keys, e.g."
          + " learning rate, batch size, lrDecay), as study.nestedGrid and of its size: both arms get the same budget"),
      cli("study.thresholds", DOUBLES, new double[0], each(positive()), "study nested: validation accuracies at which"
          + " the tuned arms' times are compared (empty = the tuned random start's median final validation accuracy"
          + " less 0.5 points)"),
      cli("study.monitorEvery", INT, 10, atLeast(1),
          "study nested: measure the target set every this many epochs (not charged to the run's time)"),
      cli("study.randomStepFactor", DOUBLE, 1.5, positive(),
          "study nested: the random start's steps as a multiple of nested iteration's (the authors' equal-cost rule)"),
      cli("study.mlpHidden", INTS, new int[] {64}, nonEmpty(atLeast(1)), "study nested: hidden layer sizes of the MLlib baseline"),
      cli("study.mlpChunk", INT, 20, atLeast(1), "study nested: L-BFGS iterations of the MLlib baseline's first fit;"
          + " each next fit runs twice as many from scratch, one continuous fit each, until one takes nested iteration's time"));

  private static final Map<String, Option> BY_KEY = new LinkedHashMap<>();
  private static final Map<String, Option> BY_PARAM = new LinkedHashMap<>();

  static {
    for (Option o : ALL) {
      if (BY_KEY.put(o.key(), o) != null) throw new ExceptionInInitializerError("key declared twice: " + o.key());
      if (o.param() != null && BY_PARAM.put(o.param(), o) != null) {
        throw new ExceptionInInitializerError("param declared twice: " + o.param());
      }
    }
  }

  /** The option of {@code key}, or null. */
  public static Option find(String key) { return BY_KEY.get(key); }

  /** The options that ML params mirror, in table order. */
  public static List<Option> withParams() { return List.copyOf(BY_PARAM.values()); }

  /** A Markdown table of all keys, for README and {@code layerbraid keys}. */
  public static String markdownTable() {
    StringBuilder s = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
    for (Option o : ALL) {
      s.append("| `").append(o.key()).append("` | `").append(o.defaultText()).append("` | ")
          .append(o.doc().replace("|", "\\|")).append(" |\n");
    }
    return s.toString();
  }
}
