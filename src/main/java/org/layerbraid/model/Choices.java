package org.layerbraid.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Reading a setting that names one constant of an enum (activation, interpolation, optimiser,
 * engine, …), as configuration keys and ML params do: its name in lower case, in any case.
 */
public final class Choices {
  private Choices() {}

  /** The constant named {@code s} (any case, blanks around it ignored), or an error naming {@code what} and the choices. */
  public static <E extends Enum<E>> E parse(E[] values, String s, String what) {
    for (E e : values) if (e.name().equalsIgnoreCase(s.strip())) return e;
    throw new IllegalArgumentException("unknown " + what + " '" + s.strip() + "', expected one of "
        + Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
  }
}
