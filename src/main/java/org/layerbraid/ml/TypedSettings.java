package org.layerbraid.ml;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.Params;
import org.layerbraid.cli.Config;
import org.layerbraid.cli.RunSettings;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/**
 * The typed settings of a fit. A stage's params are written as the configuration keys they
 * mirror and read by the CLI's own {@link RunSettings}, so the API and the CLI build their model,
 * propagation, training and nested-iteration settings with one piece of code. Each key is recorded
 * as coming from its param, so a rule that spans several params (a per-level list longer than
 * {@code nestedLevels}, say) fails with a message naming the param.
 */
record TypedSettings(ModelSpec model, PropagationSpec propagation, TrainingSettings training, NestedSettings nested) {

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
        "keepBest", "stopAtTrainAccuracy", "progressEvery", "gradients")) {
      keys.put(k, "train." + k);
    }
    keys.put("seed", "seed");
    keys.put("propagation", "propagation");
    prefixed(keys, "mgrit", List.of("mode", "maxLevels", "cfactor", "nrelax", "minCoarse", "absTol", "relTol", "maxIter",
        "skip", "fmg", "forwardIterations", "backwardIterations", "coarseWeights", "engine", "layerPartitions", "dataShards",
        "onStall", "stallWindow", "stallTolerance", "stallOn", "stallCarry"));
    prefixed(keys, "nested", List.of("levels", "factor", "interpolation", "epochs", "stopAtTrainAccuracy", "learningRate",
        "optimizer", "batchSize", "refineSteps", "refineCycleFactor"));
    return keys;
  }

  /** {@code section.key} is the param {@code sectionKey} (mgrit.cfactor: mgritCfactor). */
  private static void prefixed(Map<String, String> keys, String section, List<String> names) {
    for (String k : names) keys.put(section + Character.toUpperCase(k.charAt(0)) + k.substring(1), section + "." + k);
  }

  static TypedSettings from(Params p) {
    Config c = Config.defaults();
    for (Map.Entry<String, String> e : CONFIG_KEYS.entrySet()) {
      c.with(e.getValue(), configValue(p.getOrDefault(p.getParam(e.getKey()))), "param " + e.getKey());
    }
    RunSettings r = RunSettings.from(c);
    return new TypedSettings(r.model(), r.propagation(), r.training(), r.nested());
  }

  /** A param value as the CLI writes it; arrays are comma lists (empty: the empty string). */
  static String configValue(Object value) {
    if (value instanceof int[] a) return Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
    if (value instanceof double[] a) return Arrays.stream(a).mapToObj(String::valueOf).collect(Collectors.joining(","));
    if (value instanceof String[] a) return String.join(",", a);
    return String.valueOf(value);
  }
}
