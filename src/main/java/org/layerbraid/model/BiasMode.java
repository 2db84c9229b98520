package org.layerbraid.model;

import java.util.Arrays;
import java.util.Locale;

/** Bias of a residual layer: one scalar per layer (the method authors' choice) or one per channel. */
public enum BiasMode {
  SCALAR, CHANNEL;

  public String configName() { return name().toLowerCase(Locale.ROOT); }

  public static BiasMode parse(String name) {
    for (BiasMode m : values()) {
      if (m.configName().equals(name.trim().toLowerCase(Locale.ROOT))) return m;
    }
    throw new IllegalArgumentException("unknown bias mode '" + name + "', expected one of "
        + Arrays.stream(values()).map(BiasMode::configName).toList());
  }
}
