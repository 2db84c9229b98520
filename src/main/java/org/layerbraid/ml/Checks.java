package org.layerbraid.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.spark.ml.param.ParamValidators;
import scala.Function1;

/**
 * Param validators that fail with a message naming the param, the rule and the value, rather than
 * Spark's generic "given invalid value". The rules themselves are Spark's {@link ParamValidators}
 * where one fits, and the project's own parsers for names (activation, optimizer, ...), so the
 * message for an unknown name lists the valid ones exactly as the CLI does.
 */
final class Checks {
  private Checks() {}

  /** A validator Spark can serialise along with its param. */
  interface Check<T> extends Function1<T, Object>, Serializable {}

  /** A serialisable check of one value that throws {@link IllegalArgumentException} when invalid. */
  interface Rule<T> extends Consumer<T>, Serializable {}

  private static <T> Check<T> of(Rule<T> rule) {
    return v -> {
      rule.accept(v);
      return Boolean.TRUE;
    };
  }

  private static Check<Object> numeric(String name, Function1<Object, Object> ok, String rule) {
    return of(v -> {
      if (!(Boolean) ok.apply(v)) throw new IllegalArgumentException(name + " must be " + rule + ", got " + v);
    });
  }

  static Check<Object> atLeast(String name, double min) {
    return numeric(name, ParamValidators.gtEq(min), ">= " + fmt(min));
  }

  static Check<Object> positive(String name) {
    return numeric(name, ParamValidators.gt(0), "> 0");
  }

  /** In [lo, hi] with each end open or closed. */
  static Check<Object> inRange(String name, double lo, double hi, boolean loClosed, boolean hiClosed) {
    return numeric(name, ParamValidators.inRange(lo, hi, loClosed, hiClosed),
        "in " + (loClosed ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + (hiClosed ? "]" : ")"));
  }

  /** A finite number greater than zero. */
  static Check<Object> finitePositive(String name) {
    return of(v -> {
      double d = ((Number) v).doubleValue();
      if (!(d > 0 && Double.isFinite(d))) throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
    });
  }

  /** Accepted when {@code parse} accepts it; {@code parse} throws with the valid choices. */
  static Check<String> parsedBy(String name, Rule<String> parse) {
    return of(v -> {
      if (v == null) throw new IllegalArgumentException(name + " must not be null");
      try {
        parse.accept(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    });
  }

  /** A non-empty array whose every entry is at least {@code min}. */
  static Check<int[]> allAtLeast(String name, int min) {
    Check<int[]> each = eachAtLeast(name, min);
    return of(v -> {
      if (v == null || v.length == 0) throw new IllegalArgumentException(name + " needs at least one value");
      each.apply(v);
    });
  }

  /*
   * The each* checks accept an empty array: an empty per-level list (nested.*) means "the train.*
   * value at every level". How many entries a list may have depends on another param (the number of
   * levels), so that is checked with all params together, at fit.
   */

  /** An array, possibly empty, whose every entry is at least {@code min}. */
  static Check<int[]> eachAtLeast(String name, int min) {
    return of(v -> entries(name, Arrays.stream(notNull(name, v)).allMatch(x -> x >= min), ">= " + min, Arrays.toString(v)));
  }

  /** An array, possibly empty, whose every entry is greater than zero. */
  static Check<double[]> eachPositive(String name) {
    return of(v -> entries(name, Arrays.stream(notNull(name, v)).allMatch(x -> x > 0), "> 0", Arrays.toString(v)));
  }

  /** An array, possibly empty, whose every entry {@code parse} accepts. */
  static Check<String[]> eachParsedBy(String name, Rule<String> parse) {
    Check<String> one = parsedBy(name, parse);
    return of(v -> {
      for (String s : notNull(name, v)) one.apply(s);
    });
  }

  private static <A> A notNull(String name, A array) {
    if (array == null) throw new IllegalArgumentException(name + " must not be null (an empty list is allowed)");
    return array;
  }

  private static void entries(String name, boolean ok, String rule, String shown) {
    if (!ok) throw new IllegalArgumentException(name + " entries must be " + rule + ", got " + shown);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
