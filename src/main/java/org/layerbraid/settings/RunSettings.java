package org.layerbraid.settings;

import java.util.List;
import org.layerbraid.data.DataSpec;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.StallPolicy;
import org.layerbraid.train.TrainingSettings;
import org.layerbraid.report.Progress;

/**
 * The typed settings of a run, read from a {@link Config}: from a config file and arguments for the
 * CLI, from param values for the ML API. Rules that span several options are checked here, naming
 * where each value came from; every bad value fails here, before Spark starts.
 */
public record RunSettings(DataSpec data, int partitions, ModelSpec model, PropagationSpec propagation,
    TrainingSettings training, NestedSettings nested, String progressMode) {

  public static RunSettings from(Config c) {
    long seed = c.longValue("seed");
    DataSpec data = c.parsed("data.kind", kind -> DataSpec.of(kind, blankToNull(c.string("data.path")), c.integer("data.numClasses")))
        .withSeed(c.longValue("data.seed", seed))
        .withValidationFraction(c.number("data.validationFraction"))
        .withPeaksSizes(c.integer("peaks.trainPerClass"), c.integer("peaks.validationPerClass"));
    if (blankToNull(c.string("data.validationPath")) != null) data = data.withValidationPath(c.string("data.validationPath"));
    if (c.integer("data.numFeatures") > 0) data = data.withNumFeatures(c.integer("data.numFeatures"));
    try {
      data = data.withColumns(new DataSpec.Columns(c.string("data.labelCol"), List.of(c.strings("data.featuresCol")),
          c.flag("data.header"), c.string("data.delimiter")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(c.origin("data.featuresCol") + ": " + e.getMessage(), e);
    }
    int partitions = c.integer("data.partitions");
    if (partitions < 1) {
      throw new IllegalArgumentException(c.origin("data.partitions") + ": data.partitions must be >= 1, got " + partitions);
    }

    ModelSpec model = new ModelSpec(c.integer("model.width"), c.integer("model.layers"), c.number("model.T"),
        c.parsed("model.activation", Activation::parse), c.parsed("model.bias", BiasMode::parse),
        c.number("init.open"), c.number("init.hidden"), c.number("init.class"));
    // Fail on a bad shape now rather than after the data is loaded.
    try {
      model.shape(1, 2);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(c.origin("model.width") + ": model.width = " + model.width() + " with model.layers = "
          + model.depth() + " (" + c.origin("model.layers") + "): " + e.getMessage(), e);
    }
    model.initialization(seed);

    PropagationSpec.Kind kind = c.parsed("propagation", PropagationSpec.Kind::parse);
    boolean oneShot = c.parsed("mgrit.mode", PropagationSpec::parseOneShot);
    PropagationSpec propagation = new PropagationSpec(kind, oneShot, solver(c),
        c.parsed("mgrit.coarseWeights", CoarseWeights::parse), c.integer("mgrit.forwardIterations"),
        c.integer("mgrit.backwardIterations"),
        c.parsed("mgrit.engine", PropagationSpec.EngineKind::parse), c.integer("mgrit.layerPartitions"),
        c.integer("mgrit.dataShards"), stallPolicy(c, kind, oneShot));

    Optimizer.Kind optimizerKind = c.parsed("train.optimizer", Optimizer.Kind::parse);
    Optimizer.Settings defaults = Optimizer.Settings.defaults(optimizerKind);
    Optimizer.Settings optimizer = new Optimizer.Settings(optimizerKind, c.number("train.learningRate"),
        c.number("train.momentum"), defaults.beta1(), defaults.beta2(), defaults.epsilon(), c.integer("train.lbfgsMemory"),
        defaults.lineSearchMaxSteps());
    Regularization reg = new Regularization(c.number("reg.tik"), c.number("reg.ddt"), c.number("reg.cls"), c.flag("reg.scaled"));
    TrainingSettings training = new TrainingSettings(c.integer("train.epochs"), c.integer("train.batchSize"), optimizer, reg,
        c.number("train.lrDecay"), c.flag("train.keepBest"), c.number("train.stopAtTrainAccuracy"),
        c.integer("train.progressEvery"), seed, c.parsed("train.gradients", TrainingSettings.Gradients::parse));
    NestedSettings nested = nested(c, model, propagation);
    String progress = c.string("output.progress");
    c.parsed("output.progress", m -> Progress.forMode(m, System.out)); // validates the mode
    return new RunSettings(data, partitions, model, propagation, training, nested, progress);
  }

  /** The MGRIT solver's settings: the {@link #SOLVER_KEYS}. */
  public static MgritOptions solver(Config c) {
    return MgritOptions.DEFAULTS.withMaxLevels(c.integer("mgrit.maxLevels"))
        .withCfactors(c.integers("mgrit.cfactor")).withNrelax(c.integers("mgrit.nrelax"))
        .withMinCoarse(c.integer("mgrit.minCoarse")).withTolerance(c.number("mgrit.absTol"), c.number("mgrit.relTol"))
        .withMaxIter(c.integer("mgrit.maxIter")).withSkip(c.flag("mgrit.skip")).withFmg(c.flag("mgrit.fmg"));
  }

  /** The keys of {@link MgritOptions}' fields, in its order. */
  public static final java.util.List<String> SOLVER_KEYS = java.util.List.of("mgrit.maxLevels", "mgrit.cfactor",
      "mgrit.nrelax", "mgrit.minCoarse", "mgrit.absTol", "mgrit.relTol", "mgrit.maxIter", "mgrit.skip", "mgrit.fmg");

  /** The solver's settings as values of the {@link #SOLVER_KEYS}, in that order. */
  public static java.util.List<Object> solverValues(MgritOptions o) {
    return java.util.List.of(o.maxLevels(), o.cfactors(), o.nrelax(), o.minCoarse(), o.absTol(), o.relTol(), o.maxIter(),
        o.skip(), o.fmg());
  }

  /** What one-shot MGRIT does when training stalls; any other propagation must leave it at none. */
  private static StallPolicy stallPolicy(Config c, PropagationSpec.Kind kind, boolean oneShot) {
    StallPolicy.Action action = c.parsed("mgrit.onStall", StallPolicy.Action::parse);
    if (action != StallPolicy.Action.NONE && (kind != PropagationSpec.Kind.MGRIT || !oneShot)) {
      throw new IllegalArgumentException(c.origin("mgrit.onStall") + ": mgrit.onStall = " + action.id() + " needs"
          + " propagation = mgrit with mgrit.mode = oneshot (serial and converged solves are exact already)");
    }
    StallPolicy.Watch watch = c.parsed("mgrit.stallOn", StallPolicy.Watch::parse);
    boolean carry = c.flag("mgrit.stallCarry");
    try {
      return new StallPolicy(action, c.integer("mgrit.stallWindow"), c.number("mgrit.stallTolerance"), watch, carry);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(c.origin("mgrit.stallWindow") + ": " + e.getMessage(), e);
    }
  }

  /** The nested-iteration schedule; its per-level lists, depth and MGRIT options checked against each other. */
  private static NestedSettings nested(Config c, ModelSpec model, PropagationSpec propagation) {
    int levels = c.integer("nested.levels");
    int factor = c.integer("nested.factor");
    DepthRefinement interpolation = c.parsed("nested.interpolation", DepthRefinement::parse);
    int[] epochs = c.integers("nested.epochs");
    perLevel(c, "nested.epochs", epochs.length, levels);
    double[] stop = c.numbers("nested.stopAtTrainAccuracy");
    perLevel(c, "nested.stopAtTrainAccuracy", stop.length, levels);
    double[] lr = c.numbers("nested.learningRate");
    perLevel(c, "nested.learningRate", lr.length, levels);
    Optimizer.Kind[] optimizers = java.util.Arrays.stream(c.strings("nested.optimizer")).map(Optimizer.Kind::parse)
        .toArray(Optimizer.Kind[]::new);
    perLevel(c, "nested.optimizer", optimizers.length, levels);
    int[] batch = c.integers("nested.batchSize");
    perLevel(c, "nested.batchSize", batch.length, levels);
    int refineSteps = c.integer("nested.refineSteps");
    int refineFactor = c.integer("nested.refineCycleFactor");
    if (refineSteps > 0 && levels > 1 && (propagation.kind() != PropagationSpec.Kind.MGRIT || !propagation.oneShot())) {
      throw new IllegalArgumentException(c.origin("nested.refineSteps") + ": nested.refineSteps needs propagation = mgrit"
          + " with mgrit.mode = oneshot (other propagations have no cycle count to raise)");
    }
    NestedSettings nested;
    try {
      nested = new NestedSettings(levels, factor, interpolation, epochs, stop, lr, optimizers, batch, refineSteps,
          refineFactor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("nested iteration settings: " + e.getMessage(), e);
    }
    if (levels > 1 && model.depth() % (int) Math.pow(factor, levels - 1) != 0) {
      int r = (int) Math.pow(factor, levels - 1);
      throw new IllegalArgumentException(c.origin("model.layers") + ": model.layers = " + model.depth()
          + " (the final depth) is not divisible by nested.factor^(nested.levels-1) = " + factor + "^" + (levels - 1)
          + " = " + r + "; use a multiple of " + r + ", or change nested.levels or nested.factor");
    }
    return nested;
  }

  /** A per-level list has no value, one (all levels) or one per level; anything else names the count expected. */
  private static void perLevel(Config c, String key, int count, int levels) {
    if (count > 1 && count != levels) {
      throw new IllegalArgumentException(c.origin(key) + ": " + key + ": expected one value or one per level (" + levels
          + " levels, nested.levels), got " + count + " values in '" + c.string(key) + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
