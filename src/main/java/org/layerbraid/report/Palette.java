package org.layerbraid.report;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * Colours for series and classes: Okabe and Ito's set, chosen because it stays distinguishable
 * for the common forms of colour blindness and in greyscale print. Past eight series the colours
 * come round again with another dash pattern, so no two of the first {@code 8 × 5} series look alike.
 */
public final class Palette {
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

  public static Color color(int i) {
    return COLORS[Math.floorMod(i, COLORS.length)];
  }

  static Color[] first(int n) {
    Color[] c = new Color[n];
    for (int i = 0; i < n; i++) c[i] = color(i);
    return c;
  }

  /** Solid, dashed, dotted, dash-dot, long dashes: told apart at 2 px, also in greyscale. */
  private static final float[][] DASHES = {null, {8f, 5f}, {2f, 4f}, {10f, 4f, 2f, 4f}, {16f, 6f}};

  /** The {@code i}-th line pattern, 2 px wide. */
  public static BasicStroke line(int i) {
    float[] dash = DASHES[Math.floorMod(i, DASHES.length)];
    return dash == null ? new BasicStroke(2f)
        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  /** The line of series {@code i} alongside {@link #color}{@code (i)}: solid for the first eight, then the next pattern. */
  static BasicStroke[] lines(int n) {
    BasicStroke[] s = new BasicStroke[n];
    for (int i = 0; i < n; i++) s[i] = line(i / COLORS.length);
    return s;
  }

  /** {@code c} blended towards white by {@code amount} in [0, 1]: a background tint. */
  static Color tint(Color c, double amount) {
    return new Color(
        (int) Math.round(c.getRed() + (255 - c.getRed()) * amount),
        (int) Math.round(c.getGreen() + (255 - c.getGreen()) * amount),
        (int) Math.round(c.getBlue() + (255 - c.getBlue()) * amount));
  }
}
