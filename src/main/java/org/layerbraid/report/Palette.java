package org.layerbraid.report;

import java.awt.Color;

/**
 * Colours for series and classes: Okabe and Ito's set, chosen because it stays distinguishable
 * for the common forms of colour blindness and in greyscale print. Cycles past eight entries.
 */
final class Palette {
  private Palette() {}

  private static final Color[] COLORS = {
      new Color(0x0072B2), // blue
      new Color(0xD55E00), // vermillion
      new Color(0x009E73), // bluish green
      new Color(0xE69F00), // orange
      new Color(0xCC79A7), // reddish purple
      new Color(0x56B4E9), // sky blue
      new Color(0x000000), // black
      new Color(0xF0E442), // yellow: last, it is hard to see on white
  };

  static Color color(int i) {
    return COLORS[Math.floorMod(i, COLORS.length)];
  }

  static Color[] first(int n) {
    Color[] c = new Color[n];
    for (int i = 0; i < n; i++) c[i] = color(i);
    return c;
  }

  /** {@code c} blended towards white by {@code amount} in [0, 1]: a background tint. */
  static Color tint(Color c, double amount) {
    return new Color(
        (int) Math.round(c.getRed() + (255 - c.getRed()) * amount),
        (int) Math.round(c.getGreen() + (255 - c.getGreen()) * amount),
        (int) Math.round(c.getBlue() + (255 - c.getBlue()) * amount));
  }
}
