package org.layerbraid.ml;

import org.apache.spark.ml.param.Params;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.Option;
import org.layerbraid.settings.Options;
import org.layerbraid.settings.RunSettings;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/**
 * The typed settings of a fit, built by the same {@link RunSettings} as the CLI's from the stage's
 * param values as they are. Each value is recorded as coming from its param, so a rule that spans
 * several params (a per-level list longer than {@code nestedLevels}, say) fails naming the param.
 * The data and output options are left out: the API takes its data from the DataFrame and reads
 * those params itself.
 */
record TypedSettings(ModelSpec model, PropagationSpec propagation, TrainingSettings training, NestedSettings nested) {

  static TypedSettings from(Params p) {
    Config c = Config.defaults();
    for (Option o : Options.withParams()) {
      if (o.key().startsWith("data.") || o.key().startsWith("output.")) continue;
      c = c.withValue(o.key(), p.getOrDefault(p.getParam(o.param())), "param " + o.param());
    }
    RunSettings r = RunSettings.from(c);
    return new TypedSettings(r.model(), r.propagation(), r.training(), r.nested());
  }
}
