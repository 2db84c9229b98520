package org.layerbraid.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's settings: {@code key = value} lines from a config file ({@code #} starts a comment),
 * overridden by {@code key=value} arguments, on top of {@link ConfigKey}'s defaults. Every value
 * remembers where it came from, so an error names the file and line (or the argument), the key,
 * and what was expected.
 */
public final class Config {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new LinkedHashMap<>();

  public static Config defaults() { return new Config(); }

  public static Config load(Path file) {
    Config c = new Config();
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      if (line.isBlank()) continue;
      c.put(line, file + " line " + (i + 1), "key = value");
    }
    return c;
  }

  /** An independent copy: {@code with} changes the config it is called on. */
  public Config copy() {
    Config c = new Config();
    c.values.putAll(values);
    c.origins.putAll(origins);
    return c;
  }

  /** Applies {@code key=value} overrides (command-line arguments). */
  public Config with(List<String> assignments) {
    for (String a : assignments) put(a, "command-line argument '" + a + "'", "key=value");
    return this;
  }

  public Config with(String key, String value) {
    return with(key, value, "setting " + key);
  }

  /** Sets {@code key}; errors about its value start with {@code origin} (what the caller calls the value) instead. */
  public Config with(String key, String value, String origin) {
    put(key + "=" + value, origin, "key=value");
    return this;
  }

  private void put(String assignment, String origin, String form) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) throw new IllegalArgumentException(origin + ": expected " + form + ", got '" + assignment.strip() + "'");
    String key = assignment.substring(0, eq).strip();
    if (ConfigKey.find(key) == null) {
      throw new IllegalArgumentException(origin + ": unknown key '" + key + "'" + suggestion(key)
          + "; 'layerbraid keys' lists them all");
    }
    values.put(key, assignment.substring(eq + 1).strip());
    origins.put(key, origin);
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = 4;
    for (ConfigKey k : ConfigKey.ALL) {
      int d = editDistance(key.toLowerCase(Locale.ROOT), k.name().toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k.name();
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  public String string(String key) {
    ConfigKey k = ConfigKey.find(key);
    if (k == null) throw new IllegalStateException("key '" + key + "' is not declared in ConfigKey");
    return values.getOrDefault(key, k.defaultValue());
  }

  private String where(String key) {
    return origins.getOrDefault(key, "default of " + key);
  }

  /** Where the value of {@code key} came from: file and line, argument, or its default. */
  public String origin(String key) {
    return where(key);
  }

  public int integer(String key) {
    String v = string(key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where(key) + ": " + key + " must be an integer, got '" + v + "'");
    }
  }

  public double number(String key) {
    String v = string(key);
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where(key) + ": " + key + " must be a finite number, got '" + v + "'");
    }
  }

  public boolean flag(String key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) return v.equals("true");
    throw new IllegalArgumentException(where(key) + ": " + key + " must be true or false, got '" + string(key) + "'");
  }

  public int[] integers(String key) {
    String[] parts = string(key).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where(key) + ": " + key + " must be an integer or a comma list of integers, got '"
            + string(key) + "'");
      }
    }
    return out;
  }

  /** Parses a value with a parser whose errors are then prefixed with where the value came from. */
  public <T> T parsed(String key, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(string(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(key) + ": " + key + ": " + e.getMessage(), e);
    }
  }

  /** The explicitly set values (file and arguments), in order: what a run records about itself. */
  public Map<String, String> explicit() { return new LinkedHashMap<>(values); }

  /** All keys with their effective values. */
  public Map<String, String> effective() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey k : ConfigKey.ALL) out.put(k.name(), string(k.name()));
    return out;
  }

  public List<String> keysSet() { return new ArrayList<>(values.keySet()); }
}
