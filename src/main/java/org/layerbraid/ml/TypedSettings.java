package org.layerbraid.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Params;
import org.layerbraid.cli.Config;
import org.layerbraid.cli.RunSettings;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/**
 * The typed settings of a fit. A stage's params are written as the configuration keys they
 * mirror and read by the CLI's own {@link RunSettings}, so the API and the CLI build their model,
 * propagation and training settings with one piece of code.
 */
record TypedSettings(ModelSpec model, PropagationSpec propagation, TrainingSettings training) {

  /** Param name → configuration key, for every param that shapes the model, propagation or training. */
  static final Map<String, String> CONFIG_KEYS = configKeys();

  private static Map<String, String> configKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("width", "model.width");
    keys.put("layers", "model.layers");
    keys.put("finalTime", "model.T");
    keys.put("activation", "model.activation");
    keys.put("bias", "model.bias");
    keys.put("initOpen", "init.open");
    keys.put("initHidden", "init.hidden");
    keys.put("initClass", "init.class");
    keys.put("regTik", "reg.tik");
    keys.put("regDdt", "reg.ddt");
    keys.put("regCls", "reg.cls");
    keys.put("regScaled", "reg.scaled");
    for (String k : List.of("optimizer", "learningRate", "momentum", "lbfgsMemory", "epochs", "batchSize", "lrDecay",
        "keepBest", "stopAtTrainAccuracy", "progressEvery")) {
      keys.put(k, "train." + k);
    }
    keys.put("seed", "seed");
    keys.put("propagation", "propagation");
    for (String k : List.of("mode", "maxLevels", "cfactor", "nrelax", "minCoarse", "absTol", "relTol", "maxIter", "skip",
        "fmg", "forwardIterations", "backwardIterations", "layerPartitions")) {
      keys.put("mgrit" + Character.toUpperCase(k.charAt(0)) + k.substring(1), "mgrit." + k);
    }
    return keys;
  }

  static TypedSettings from(Params p) {
    Config c = Config.defaults();
    for (Map.Entry<String, String> e : CONFIG_KEYS.entrySet()) {
      Object value = p.getOrDefault(p.getParam(e.getKey()));
      c.with(e.getValue(), value instanceof int[] a ? join(a) : String.valueOf(value));
    }
    RunSettings r = RunSettings.from(c);
    return new TypedSettings(r.model(), r.propagation(), r.training());
  }

  private static String join(int[] values) {
    StringBuilder s = new StringBuilder();
    for (int v : values) s.append(s.length() == 0 ? "" : ",").append(v);
    return s.toString();
  }
}
