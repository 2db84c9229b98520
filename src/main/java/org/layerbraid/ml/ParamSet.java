package org.layerbraid.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.layerbraid.settings.Check;
import org.layerbraid.settings.Option;
import org.layerbraid.settings.Options;
import scala.Function1;

/**
 * The layerbraid params of one stage (estimator or model), owned by that stage: one per option of
 * {@link Options} that names a param, with that option's doc (and key), rule and default, and the
 * two params the ML API alone has, {@code tol} and {@code initialWeights} (a config file has no use
 * for a weight vector, and the CLI does not stop on a loss tolerance). Spark finds params through
 * public no-argument methods, so the stages expose these through {@link LayerBraidParams}.
 */
final class ParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The names params had before they took MLlib's names (MultilayerPerceptronClassifier's), old to
   * new. Stages saved then carry the old names in their metadata; {@link #currentName} lets them load.
   */
  private static final Map<String, String> FORMER_NAMES = Map.of("layers", "depth", "epochs", "maxIter",
      "learningRate", "stepSize", "optimizer", "solver", "lrDecay", "stepSizeDecay", "nestedEpochs", "nestedMaxIter",
      "nestedLearningRate", "nestedStepSize", "nestedOptimizer", "nestedSolver");

  private final Map<String, Param<?>> params = new LinkedHashMap<>();

  ParamSet(Params owner) {
    for (Option o : Options.withParams()) params.put(o.param(), create(owner, o));
    params.put("tol", new DoubleParam(owner, "tol", "stop when the training loss changes by less than this share"
        + " from one epoch to the next (under nested iteration: in the last level); 0 = never", new Validator<>("tol",
        Check.atLeast(0))));
    params.put("initialWeights", new Param<Vector>(owner, "initialWeights", "the weights training starts from, all of"
        + " them in the layout of NetworkShape (under nested iteration: the first level's network); unset = drawn"
        + " with seed, initOpen, initHidden and initClass"));
  }

  /** The name a param has now, given the name it has or had. */
  static String currentName(String name) {
    return FORMER_NAMES.getOrDefault(name, name);
  }

  private static Param<?> create(Params owner, Option o) {
    String name = o.param();
    String doc = o.doc() + " (" + o.key() + ")";
    Check check = o.check();
    return switch (o.type()) {
      case INT -> new IntParam(owner, name, doc, new Validator<>(name, check));
      case LONG -> new LongParam(owner, name, doc, new Validator<>(name, check));
      case DOUBLE -> new DoubleParam(owner, name, doc, new Validator<>(name, check));
      case BOOLEAN -> new BooleanParam(owner, name, doc);
      case STRING -> new Param<String>(owner, name, doc, new Validator<String>(name, check));
      case INTS -> new IntArrayParam(owner, name, doc, new Validator<int[]>(name, check));
      case DOUBLES -> new DoubleArrayParam(owner, name, doc, new Validator<double[]>(name, check));
      case STRINGS -> new StringArrayParam(owner, name, doc, new Validator<String[]>(name, check));
    };
  }

  /** The param called {@code name}. */
  @SuppressWarnings("unchecked")
  <P extends Param<?>> P get(String name) {
    Param<?> p = params.get(name);
    if (p == null) throw new IllegalArgumentException("no layerbraid param '" + name + "'");
    return (P) p;
  }

  /** Gives every param with a default its default. */
  @SuppressWarnings("unchecked")
  void setDefaults(Params owner) {
    for (Option o : Options.withParams()) {
      if (o.apiDefault() != null) owner.setDefault((Param<Object>) params.get(o.param()), o.apiDefault());
    }
    owner.setDefault((Param<Object>) params.get("tol"), 0.0);
  }

  /**
   * Spark's {@code explainParam}, with arrays shown as their values (Spark shows {@code [I@3abe8714})
   * and long vectors, such as a network's initialWeights, by their size.
   */
  static String explain(Params owner, Param<?> param) {
    String value = "(undefined)";
    if (owner.isDefined(param)) {
      StringBuilder s = new StringBuilder("(");
      if (owner.hasDefault(param)) s.append("default: ").append(readable(owner.getDefault(param).get()));
      if (owner.isSet(param)) {
        if (owner.hasDefault(param)) s.append(", ");
        s.append("current: ").append(readable(owner.get(param).get()));
      }
      value = s.append(")").toString();
    }
    return param.name() + ": " + param.doc() + " " + value;
  }

  private static String readable(Object value) {
    if (value instanceof int[] a) return Arrays.toString(a);
    if (value instanceof double[] a) return Arrays.toString(a);
    if (value instanceof Object[] a) return Arrays.toString(a);
    if (value instanceof Vector v && v.size() > 10) return "a vector of " + v.size() + " values";
    return String.valueOf(value);
  }

  /**
   * A param's validator: the option's rule, failing with a message that names the param, the rule and
   * the value rather than Spark's generic "given invalid value".
   */
  private record Validator<T>(String name, Check check) implements Function1<T, Object>, Serializable {
    @Override
    public Object apply(T value) {
      if (value == null) throw new IllegalArgumentException(name + " must not be null");
      check.check(name, value);
      return Boolean.TRUE;
    }
  }
}
