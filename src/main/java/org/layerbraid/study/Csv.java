package org.layerbraid.study;

import java.util.Arrays;
import java.util.Locale;

/** Fields of the study's CSV files: empty for a missing number, quoted when they hold commas. */
final class Csv {
  private Csv() {}

  static String num(double v) { return Double.isFinite(v) ? Double.toString(v) : ""; }

  /** A list as one field, its entries separated by semicolons. */
  static String list(int[] v) { return quote(Arrays.toString(v).replaceAll("[\\[\\] ]", "").replace(',', ';')); }

  /** As {@link #list(int[])}, to three decimals. */
  static String list(double[] v) {
    StringBuilder s = new StringBuilder();
    for (double x : v) s.append(s.length() == 0 ? "" : ";").append(String.format(Locale.ROOT, "%.3f", x));
    return s.toString();
  }

  static String quote(String v) {
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
