package org.layerbraid.settings;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A rule on one option's value, checked wherever a value enters: a config line, a command-line
 * override, an ML param's setter. It throws {@link IllegalArgumentException} with a message that
 * starts with the name it is given (the config key, or the param's name) and says the rule and the
 * value. Serializable, because Spark ships a param's validator with its stage.
 */
@FunctionalInterface
public interface Check extends Serializable {

  void check(String name, Object value);

  /** Any value of the option's type. */
  Check ANY = (name, value) -> {};

  /** A parser of names that throws with the valid choices (e.g. {@code Activation::parse}). */
  interface Parser extends Consumer<String>, Serializable {}

  /** A serializable test of a number. */
  interface Test extends Serializable {
    boolean ok(double value);
  }

  /**
   * A rule on a number, which must also be finite: {@code rule} says it in words ("&gt;= 1"), for the
   * message "width must be &gt;= 1, got 0".
   */
  record Rule(String rule, Test test) implements Check {
    @Override
    public void check(String name, Object value) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) throw new IllegalArgumentException(name + " must be finite and " + rule + ", got " + value);
      if (!test.ok(d)) throw new IllegalArgumentException(name + " must be " + rule + ", got " + value);
    }
  }

  static Check atLeast(double min) {
    return new Rule(">= " + fmt(min), d -> d >= min);
  }

  static Check positive() {
    return new Rule("> 0", d -> d > 0);
  }

  /** In [0, 1): a share, of which something must be left. */
  static Check share() {
    return new Rule("in [0, 1)", d -> d >= 0 && d < 1);
  }

  /** In (0, 1]: a factor that may shrink and may keep, but not zero out. */
  static Check factor() {
    return new Rule("in (0, 1]", d -> d > 0 && d <= 1);
  }

  /** Accepted when {@code parse} accepts it; the parser's message lists the valid choices. */
  static Check choice(Parser parse) {
    return (name, v) -> {
      try {
        parse.accept((String) v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    };
  }

  /**
   * A list (possibly empty: a per-level list's "the train.* value at every level") whose every entry
   * passes; a failed number rule names the whole list ("nestedEpochs entries must be &gt;= 1, got [5, 0]").
   */
  static Check each(Check entry) {
    return (name, v) -> {
      for (Object x : entries(v)) {
        if (entry instanceof Rule r) {
          double d = ((Number) x).doubleValue();
          if (!Double.isFinite(d) || !r.test().ok(d)) {
            throw new IllegalArgumentException(name + " entries must be " + r.rule() + ", got " + shown(v));
          }
        } else {
          entry.check(name, x);
        }
      }
    };
  }

  /** Text with something besides spaces in it: a name or a separator. */
  static Check nonBlank() {
    return (name, v) -> {
      if (((String) v).isBlank()) throw new IllegalArgumentException(name + " must not be empty");
    };
  }

  /** A list with at least one entry, each passing {@code entry}. */
  static Check nonEmpty(Check entry) {
    Check each = each(entry);
    return (name, v) -> {
      if (entries(v).length == 0) throw new IllegalArgumentException(name + " needs at least one value");
      each.check(name, v);
    };
  }

  private static Object[] entries(Object list) {
    if (list instanceof int[] a) return Arrays.stream(a).boxed().toArray();
    if (list instanceof double[] a) return Arrays.stream(a).boxed().toArray();
    return (Object[]) list;
  }

  private static String shown(Object list) {
    return Arrays.toString(entries(list));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
