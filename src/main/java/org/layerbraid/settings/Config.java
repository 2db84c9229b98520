package org.layerbraid.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A run's option values on top of {@link Options}' defaults: {@code key = value} lines of a config
 * file ({@code #} starts a comment), overridden by {@code key=value} arguments, or values set
 * directly (an ML param's). Values are typed and checked as they enter; each remembers where it came
 * from, so an error names the file and line (or the argument, or the param), the key and what was
 * expected. A config is immutable: {@code with} returns a new one.
 */
public final class Config {
  private final Map<String, Object> values;
  private final Map<String, String> origins;

  private Config(Map<String, Object> values, Map<String, String> origins) {
    this.values = values;
    this.origins = origins;
  }

  public static Config defaults() { return new Config(Map.of(), Map.of()); }

  public static Config load(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Builder b = new Builder(defaults());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      if (line.isBlank()) continue;
      b.assign(line, file + " line " + (i + 1), "key = value");
    }
    return b.build();
  }

  /** This config with {@code key=value} overrides (command-line arguments). */
  public Config with(List<String> assignments) {
    Builder b = new Builder(this);
    for (String a : assignments) b.assign(a, "command-line argument '" + a + "'", "key=value");
    return b.build();
  }

  /** This config with {@code key} set from its text form. */
  public Config with(String key, String text) {
    return withText(key, text, "setting " + key);
  }

  /** This config with {@code key} set from its text form; errors about it start with {@code origin}. */
  public Config withText(String key, String text, String origin) {
    Builder b = new Builder(this);
    b.assign(key + "=" + text, origin, "key=value");
    return b.build();
  }

  /** This config with {@code key} set to a value of its type; errors about it start with {@code origin}. */
  public Config withValue(String key, Object value, String origin) {
    Option o = option(key, origin);
    if (value != null && !o.type().holds(value)) {
      throw new IllegalArgumentException(origin + ": " + key + " must be " + o.type().expected() + ", got " + value);
    }
    if (value == null && !o.optional()) throw new IllegalArgumentException(origin + ": " + key + " must be set");
    if (value != null) {
      try {
        o.check().check(key, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
      }
    }
    return new Builder(this).put(key, value, origin).build();
  }

  /** The value of {@code key}: set or default, of the option's type (null for an unset optional option). */
  public Object value(String key) {
    Option o = option(key, "the code");
    return values.containsKey(key) ? values.get(key) : o.defaultValue();
  }

  public String string(String key) { return option(key, "the code").type().format(value(key)); }

  public int integer(String key) { return (Integer) typed(key, Type.INT); }

  public long longValue(String key) { return (Long) typed(key, Type.LONG); }

  /** The value of an optional long option, or {@code otherwise} when it is unset. */
  public long longValue(String key, long otherwise) {
    Object v = typed(key, Type.LONG);
    return v == null ? otherwise : (Long) v;
  }

  public double number(String key) { return (Double) typed(key, Type.DOUBLE); }

  public boolean flag(String key) { return (Boolean) typed(key, Type.BOOLEAN); }

  public int[] integers(String key) { return ((int[]) typed(key, Type.INTS)).clone(); }

  public double[] numbers(String key) { return ((double[]) typed(key, Type.DOUBLES)).clone(); }

  public String[] strings(String key) { return ((String[]) typed(key, Type.STRINGS)).clone(); }

  /** A string value turned into something else; the parser's errors are prefixed with where the value came from. */
  public <T> T parsed(String key, Function<String, T> parser) {
    try {
      return parser.apply((String) typed(key, Type.STRING));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin(key) + ": " + key + ": " + e.getMessage(), e);
    }
  }

  /** Where the value of {@code key} came from: file and line, argument, param, or its default. */
  public String origin(String key) {
    return origins.getOrDefault(key, "default of " + key);
  }

  /** The explicitly set values in text form (file and arguments), in order: what a run records about itself. */
  public Map<String, String> explicit() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : values.keySet()) out.put(k, string(k));
    return out;
  }

  /** All keys with their effective values in text form. */
  public Map<String, String> effective() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Option o : Options.ALL) out.put(o.key(), string(o.key()));
    return out;
  }

  private Object typed(String key, Type type) {
    Option o = option(key, "the code");
    if (o.type() != type) throw new IllegalStateException(key + " is of type " + o.type() + ", read as " + type);
    return value(key);
  }

  private static Option option(String key, String origin) {
    Option o = Options.find(key);
    if (o == null) {
      throw new IllegalArgumentException(origin + ": unknown key '" + key + "'" + suggestion(key)
          + "; 'layerbraid keys' lists them all");
    }
    return o;
  }

  private static String suggestion(String key) {
    return Spelling.closest(key, Options.ALL.stream().map(Option::key).toList(), 3)
        .map(best -> " (did you mean '" + best + "'?)").orElse("");
  }

  /** A new config being assembled from an old one; the old one is left as it is. */
  private static final class Builder {
    final Map<String, Object> values;
    final Map<String, String> origins;

    Builder(Config base) {
      values = new LinkedHashMap<>(base.values);
      origins = new LinkedHashMap<>(base.origins);
    }

    /** Parses and checks {@code key=value}. */
    void assign(String assignment, String origin, String form) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException(origin + ": expected " + form + ", got '" + assignment.strip() + "'");
      String key = assignment.substring(0, eq).strip();
      Option o = option(key, origin);
      Object value;
      try {
        value = o.parse(assignment.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
      }
      put(key, value, origin);
    }

    Builder put(String key, Object value, String origin) {
      values.put(key, value);
      origins.put(key, origin);
      return this;
    }

    Config build() {
      return new Config(values, origins);
    }
  }
}
