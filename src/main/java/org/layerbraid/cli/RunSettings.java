package org.layerbraid.cli;

import org.layerbraid.data.DataSpec;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Regularization;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/** Reads the typed settings of a run from a {@link Config}; every bad value fails here, before Spark starts. */
public record RunSettings(DataSpec data, int partitions, ModelSpec model, PropagationSpec propagation,
    TrainingSettings training, String progressMode) {

  public static RunSettings from(Config c) {
    long seed = c.integer("seed");
    DataSpec data = c.parsed("data.kind", kind -> DataSpec.of(kind, blankToNull(c.string("data.path")), c.integer("data.numClasses")))
        .withSeed(seed)
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
        c.integer("mgrit.forwardIterations"), c.integer("mgrit.backwardIterations"),
        c.parsed("mgrit.engine", PropagationSpec.Engine::parse), c.integer("mgrit.layerPartitions"),
        c.integer("mgrit.dataShards"));

    Optimizer.Kind optimizerKind = c.parsed("train.optimizer", Optimizer.Kind::parse);
    Optimizer.Settings defaults = Optimizer.Settings.defaults(optimizerKind);
    Optimizer.Settings optimizer = new Optimizer.Settings(optimizerKind, c.number("train.learningRate"),
        c.number("train.momentum"), defaults.beta1(), defaults.beta2(), defaults.epsilon(), c.integer("train.lbfgsMemory"),
        defaults.lineSearchMaxSteps());
    Regularization reg = new Regularization(c.number("reg.tik"), c.number("reg.ddt"), c.number("reg.cls"), c.flag("reg.scaled"));
    TrainingSettings training = new TrainingSettings(c.integer("train.epochs"), c.integer("train.batchSize"), optimizer, reg,
        c.number("train.lrDecay"), c.flag("train.keepBest"), c.number("train.stopAtTrainAccuracy"),
        c.integer("train.progressEvery"), seed);
    String progress = c.string("output.progress");
    c.parsed("output.progress", m -> org.layerbraid.report.Progress.forMode(m, System.out)); // validates the mode
    return new RunSettings(data, partitions, model, propagation, training, progress);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
