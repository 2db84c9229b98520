package org.layerbraid.settings;

import java.util.Objects;

/**
 * One option of a run: its config key, the name of the ML param that mirrors it (null for options
 * the ML API does not take), its type, default, rule and meaning. {@link Options#ALL} lists every
 * one; config validation, the CLI's defaults, {@code layerbraid keys}, the README's key table and
 * the ML params with their docs, validators and defaults all come from that list.
 *
 * @param paramDefault the ML param's default where the API's differs from the CLI's (the API keeps
 *     a DataFrame's partitioning, and prints nothing unless asked); otherwise {@code defaultValue}
 * @param optional     an empty text (and a null value) means "not set"
 */
public record Option(String key, String param, Type type, Object defaultValue, Object paramDefault, boolean optional,
    Check check, String doc) {

  public Option {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(check, "check of " + key);
    if (defaultValue != null) require(type, key, defaultValue);
    if (paramDefault != null) require(type, key, paramDefault);
    if (defaultValue == null && !optional) throw new IllegalArgumentException(key + ": only an optional option may lack a default");
  }

  private static void require(Type type, String key, Object value) {
    if (!type.holds(value)) throw new IllegalArgumentException(key + ": default " + value + " is not of type " + type);
  }

  /** The value of {@code text}, checked; messages start with the key. */
  public Object parse(String text) {
    if (optional && text.isBlank()) return null;
    Object value;
    try {
      value = type.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " " + e.getMessage(), e);
    }
    check.check(key, value);
    return value;
  }

  /** The default the ML param starts with (none for an optional option without one). */
  public Object apiDefault() { return paramDefault != null ? paramDefault : defaultValue; }

  /** The default as a config file writes it. */
  public String defaultText() { return type.format(defaultValue); }

  /** An option of the CLI alone. */
  static Option cli(String key, Type type, Object defaultValue, Check check, String doc) {
    return new Option(key, null, type, defaultValue, null, false, check, doc);
  }

  /** An option that the ML param {@code param} mirrors, with the same default. */
  static Option both(String key, String param, Type type, Object defaultValue, Check check, String doc) {
    return new Option(key, param, type, defaultValue, null, false, check, doc);
  }
}
