package org.layerbraid.model;

import java.util.Locale;

/** Bias of a residual layer: one scalar per layer (the method authors' choice) or one per channel. */
public enum BiasMode {
  SCALAR, CHANNEL;

  public String configName() { return name().toLowerCase(Locale.ROOT); }

  public static BiasMode parse(String name) {
    return Choices.parse(values(), name, "bias mode");
  }
}
