package org.layerbraid.ml;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * {@link Options} that names a param, with that option's doc (and key), rule and default. Spark
 * finds params through public no-argument methods, so the stages expose these through
 * {@link LayerBraidParams}.
 */
final class ParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Param<?>> params = new LinkedHashMap<>();

  ParamSet(Params owner) {
    for (Option o : Options.withParams()) params.put(o.param(), create(owner, o));
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
