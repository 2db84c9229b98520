package org.layerbraid.cli;

import org.layerbraid.data.DataSpec;
import org.layerbraid.engine.CoarseWeights;
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

/** Reads the typed settings of a run from a {@link Config}; every bad value fails here, before Spark starts. */
public record RunSettings(DataSpec data, int partitions, ModelSpec model, PropagationSpec propagation,
    TrainingSettings training, NestedSettings nested, String progressMode) {

  public static RunSettings from(Config c) {
    long seed = c.integer("seed");
    DataSpec data = c.parsed("data.kind", kind -> DataSpec.of(kind, blankToNull(c.string("data.path")), c.integer("data.numClasses")))
        .withSeed(blankToNull(c.string("data.seed")) == null ? seed : c.integer("data.seed"))
        .withValidationFraction(c.number("data.validationFraction"))
        .withPeaksSizes(c.integer("peaks.trainPerClass"), c.integer("peaks.validationPerClass"));
    if (blankToNull(c.string("data.validationPath")) != null) data = data.withValidationPath(c.string("data.validationPath"));
    if (c.integer("data.numFeatures") > 0) data = data.withNumFeatures(c.integer("data.numFeatures"));
    int partitions = c.integer("data.partitions");
    if (partitions < 1) throw new IllegalArgumentException("data.partitions must be >= 1, got " + partitions);

    ModelSpec model = new ModelSpec(c.integer("model.width"), c.integer("model.layers"), c.number("model.T"),
        c.parsed("model.activation", Activation::parse), c.parsed("model.bias", BiasMode::parse),
        c.number("init.open"), c.number("init.hidden"), c.number("init.class"));
    // Fail on a bad shape now rather than after the data is loaded.
    model.shape(1, 2);
    model.initialization(seed);

    PropagationSpec.Kind kind = c.parsed("propagation", PropagationSpec.Kind::parse);
    String mode = c.parsed("mgrit.mode", m -> {
      String v = m.strip().toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("oneshot") && !v.equals("converged")) {
        throw new IllegalArgumentException("must be oneshot or converged, got '" + m + "'");
      }
      return v;
    });
    MgritOptions mgrit = new MgritOptions(c.integer("mgrit.maxLevels"), c.integers("mgrit.cfactor"),
        c.integers("mgrit.nrelax"), c.integer("mgrit.minCoarse"), c.number("mgrit.absTol"), c.number("mgrit.relTol"),
        c.integer("mgrit.maxIter"), c.flag("mgrit.skip"), c.flag("mgrit.fmg"));
    PropagationSpec propagation = new PropagationSpec(kind, mode.equals("oneshot"), mgrit,
        c.parsed("mgrit.coarseWeights", CoarseWeights::parse), c.integer("mgrit.forwardIterations"),
        c.integer("mgrit.backwardIterations"),
        c.parsed("mgrit.engine", PropagationSpec.Engine::parse), c.integer("mgrit.layerPartitions"),
        c.integer("mgrit.dataShards"), stallPolicy(c, kind, mode));

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
    c.parsed("output.progress", m -> org.layerbraid.report.Progress.forMode(m, System.out)); // validates the mode
    return new RunSettings(data, partitions, model, propagation, training, nested, progress);
  }

  /** What one-shot MGRIT does when training stalls; any other propagation must leave it at none. */
  private static StallPolicy stallPolicy(Config c, PropagationSpec.Kind kind, String mode) {
    StallPolicy.Action action = c.parsed("mgrit.onStall", StallPolicy.Action::parse);
    if (action != StallPolicy.Action.NONE && (kind != PropagationSpec.Kind.MGRIT || !mode.equals("oneshot"))) {
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
    if (levels < 1) throw new IllegalArgumentException(c.origin("nested.levels") + ": nested.levels must be >= 1, got " + levels);
    int factor = c.integer("nested.factor");
    if (factor < 2) throw new IllegalArgumentException(c.origin("nested.factor") + ": nested.factor must be >= 2, got " + factor);
    DepthRefinement interpolation = c.parsed("nested.interpolation", DepthRefinement::parse);
    int[] epochs = c.parsed("nested.epochs", v -> perLevel(v, levels, Integer::parseInt, "an integer")).stream()
        .mapToInt(Integer::intValue).toArray();
    double[] stop = c.parsed("nested.stopAtTrainAccuracy", v -> perLevel(v, levels, Double::parseDouble, "a number"))
        .stream().mapToDouble(Double::doubleValue).toArray();
    double[] lr = c.parsed("nested.learningRate", v -> perLevel(v, levels, Double::parseDouble, "a number"))
        .stream().mapToDouble(Double::doubleValue).toArray();
    Optimizer.Kind[] optimizers = c.parsed("nested.optimizer", v -> perLevel(v, levels, Optimizer.Kind::parse, "an optimizer"))
        .toArray(new Optimizer.Kind[0]);
    int[] batch = c.parsed("nested.batchSize", v -> perLevel(v, levels, Integer::parseInt, "an integer")).stream()
        .mapToInt(Integer::intValue).toArray();
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

  /** An empty list, one value (all levels) or one value per level; anything else names the count expected. */
  private static <T> java.util.List<T> perLevel(String value, int levels, java.util.function.Function<String, T> parse,
      String what) {
    if (value.isBlank()) return java.util.List.of();
    String[] parts = value.split(",");
    if (parts.length != 1 && parts.length != levels) {
      throw new IllegalArgumentException("expected one value or one per level (" + levels + " levels, nested.levels), got "
          + parts.length + " values in '" + value + "'");
    }
    java.util.List<T> out = new java.util.ArrayList<>();
    for (String p : parts) {
      try {
        out.add(parse.apply(p.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + p.strip() + "' in '" + value + "' is not " + what
            + (e instanceof NumberFormatException ? "" : ": " + e.getMessage()));
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
