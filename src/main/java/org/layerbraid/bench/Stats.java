package org.layerbraid.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Order statistics of repeated measurements: the median and the spread around it. Quartiles are
 * interpolated linearly between order statistics.
 */
public record Stats(int samples, double min, double q1, double median, double q3, double max) {

  public static Stats of(double[] values) {
    if (values.length == 0) throw new IllegalArgumentException("no samples");
    double[] v = values.clone();
    Arrays.sort(v);
    return new Stats(v.length, v[0], quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v[v.length - 1]);
  }

  private static double quantile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Interquartile range relative to the median: 0.05 means the middle half lies within 5 %. */
  public double relativeSpread() { return (q3 - q1) / median; }

  /** "12.3 ±2%": median and half the interquartile range relative to it. */
  public String format(String numberFormat) {
    return String.format(Locale.ROOT, numberFormat, median)
        + String.format(Locale.ROOT, " ±%.0f%%", 50 * relativeSpread());
  }

}
