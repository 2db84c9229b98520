package org.layerbraid.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value types of options, each with the Java class its values have (the same classes Spark's
 * params hold, so an ML param value needs no conversion) and the text form a config file uses:
 * lists are comma lists, the empty text being the empty list.
 */
public enum Type {
  INT(Integer.class, "an integer"),
  LONG(Long.class, "an integer"),
  DOUBLE(Double.class, "a finite number"),
  BOOLEAN(Boolean.class, "true or false"),
  STRING(String.class, "a string"),
  INTS(int[].class, "an integer or a comma list of integers"),
  DOUBLES(double[].class, "a number or a comma list of numbers"),
  STRINGS(String[].class, "a comma list");

  private final Class<?> javaClass;
  private final String expected;

  Type(Class<?> javaClass, String expected) {
    this.javaClass = javaClass;
    this.expected = expected;
  }

  /** What a valid text looks like, for messages: "must be " + expected(). */
  public String expected() { return expected; }

  public boolean holds(Object value) { return javaClass.isInstance(value); }

  /** The value of {@code text}; throws {@link IllegalArgumentException} "must be …, got '…'" when it is not one. */
  public Object parse(String text) {
    String t = text.strip();
    if (this == INTS || this == DOUBLES) {
      for (String entry : list(t)) {
        try {
          (this == INTS ? INT : DOUBLE).parse(entry);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("must be " + expected + ": '" + entry + "' in '" + t + "' is not "
              + (this == INTS ? "an integer" : "a number"));
        }
      }
    }
    try {
      return switch (this) {
        case INT -> Integer.parseInt(t);
        case LONG -> Long.parseLong(t);
        case DOUBLE -> finite(t);
        case BOOLEAN -> bool(t);
        case STRING -> t;
        case INTS -> list(t).stream().mapToInt(Integer::parseInt).toArray();
        case DOUBLES -> list(t).stream().mapToDouble(Type::finite).toArray();
        case STRINGS -> list(t).toArray(new String[0]);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be " + expected + ", got '" + text.strip() + "'");
    }
  }

  /** The text form of a value of this type ({@code parse(format(v))} equals {@code v}); null is the empty text. */
  public String format(Object value) {
    if (value == null) return "";
    return switch (this) {
      case INTS -> joined(Arrays.stream((int[]) value).boxed().toArray(), String::valueOf);
      case DOUBLES -> joined(Arrays.stream((double[]) value).boxed().toArray(), Type::number);
      case STRINGS -> String.join(",", (String[]) value);
      case DOUBLE -> number(value);
      default -> String.valueOf(value);
    };
  }

  private static String joined(Object[] values, Function<Object, String> each) {
    return Arrays.stream(values).map(each).collect(Collectors.joining(","));
  }

  /** 2.0 as "2", 1.0E-7 as "1e-7": a short text that reads back as the same double. */
  private static String number(Object value) {
    double d = (Double) value;
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
    return String.valueOf(d).replace("E", "e").replace(".0e", "e");
  }

  private static java.util.List<String> list(String t) {
    if (t.isEmpty()) return java.util.List.of();
    return Arrays.stream(t.split(",", -1)).map(String::strip).toList();
  }

  private static double finite(String t) {
    // Java's parser also takes hex floats and an 'f'/'d' suffix; a config value is a plain decimal.
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw new NumberFormatException(t);
    double d = Double.parseDouble(t);
    if (!Double.isFinite(d)) throw new NumberFormatException(t);
    return d;
  }

  private static boolean bool(String t) {
    String v = t.toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException(t);
    return v.equals("true");
  }
}
