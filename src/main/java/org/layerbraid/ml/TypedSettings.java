package org.layerbraid.ml;

import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Regularization;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/**
 * The typed settings of a fit, built from a stage's params exactly as the CLI builds them from its
 * config ({@code cli.RunSettings}): the same records, the same validation, the same optimiser
 * defaults for what is not a param (Adam's betas and epsilon, the line-search budget).
 */
record TypedSettings(ModelSpec model, PropagationSpec propagation, TrainingSettings training) {

  static TypedSettings from(LayerBraidParams p) {
    ModelSpec model = new ModelSpec(p.getWidth(), p.getLayers(), p.getFinalTime(), Activation.parse(p.getActivation()),
        BiasMode.parse(p.getBias()), p.getInitOpen(), p.getInitHidden(), p.getInitClass());
    // Fail on a bad shape or initialisation before any data is touched.
    model.shape(1, 2);
    model.initialization(p.getSeed());

    PropagationSpec.Kind kind = PropagationSpec.Kind.parse(p.getPropagation());
    MgritOptions mgrit = new MgritOptions(p.getMgritMaxLevels(), p.getMgritCfactor(), p.getMgritNrelax(),
        p.getMgritMinCoarse(), p.getMgritAbsTol(), p.getMgritRelTol(), p.getMgritMaxIter(), p.getMgritSkip(),
        p.getMgritFmg());
    PropagationSpec propagation = new PropagationSpec(kind, ParamSet.parseMgritMode(p.getMgritMode()).equals("oneshot"),
        mgrit, p.getMgritForwardIterations(), p.getMgritBackwardIterations(), PropagationSpec.Engine.JVM,
        p.getMgritLayerPartitions(), 1);

    Optimizer.Kind optimizerKind = Optimizer.Kind.parse(p.getOptimizer());
    Optimizer.Settings defaults = Optimizer.Settings.defaults(optimizerKind);
    Optimizer.Settings optimizer = new Optimizer.Settings(optimizerKind, p.getLearningRate(), p.getMomentum(),
        defaults.beta1(), defaults.beta2(), defaults.epsilon(), p.getLbfgsMemory(), defaults.lineSearchMaxSteps());
    Regularization reg = new Regularization(p.getRegTik(), p.getRegDdt(), p.getRegCls(), p.getRegScaled());
    TrainingSettings training = new TrainingSettings(p.getEpochs(), p.getBatchSize(), optimizer, reg, p.getLrDecay(),
        p.getKeepBest(), p.getStopAtTrainAccuracy(), p.getProgressEvery(), p.getSeed());
    return new TypedSettings(model, propagation, training);
  }
}
