package org.layerbraid.study;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How one arm's spread compares with another's over paired runs (the same seed and sweep case):
 * the ratio of their sample standard deviations, with a percentile bootstrap interval that
 * resamples the pairs. Five seeds give a standard deviation that is itself uncertain by about a
 * third, so two spreads read off a table differ by chance more often than not; the interval says
 * whether the runs resolve the difference.
 *
 * @param pairs pairs with both values finite
 * @param ratio std(a) / std(b) over those pairs
 * @param low lower end of the interval (NaN with fewer than {@link #MIN_PAIRS} pairs)
 * @param high upper end of the interval
 * @param level the interval's confidence level, e.g. 0.9
 */
public record SpreadRatio(int pairs, double ratio, double low, double high, double level) {
  /**
   * Resamples of the pairs. At 25 pairs the interval's ends move by up to about 0.04 between seeds of
   * the resampling, and the 90 % interval holds an equal true spread in about 83 % of experiments
   * (a percentile interval is a little too narrow at this size; SpreadRatioTest).
   */
  public static final int RESAMPLES = 10_000;
  static final int MIN_PAIRS = 3;

  /** std(a) / std(b) over the pairs (a[i], b[i]) where both are finite, with a {@code level} interval. */
  public static SpreadRatio of(double[] a, double[] b, double level, int resamples, long seed) {
    if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("level must be in (0, 1), got " + level);
    if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    int n = 0;
    double[] x = new double[a.length], y = new double[b.length];
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i]) && Double.isFinite(b[i])) {
        x[n] = a[i];
        y[n++] = b[i];
      }
    }
    x = Arrays.copyOf(x, n);
    y = Arrays.copyOf(y, n);
    double ratio = n < 2 ? Double.NaN : Spread.of(x).std() / Spread.of(y).std();
    if (n < MIN_PAIRS) return new SpreadRatio(n, ratio, Double.NaN, Double.NaN, level);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] ratios = new double[resamples];
    double[] xs = new double[n], ys = new double[n];
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        int k = rnd.nextInt(n);
        xs[i] = x[k];
        ys[i] = y[k];
      }
      double sy = Spread.of(ys).std();
      // A resample whose second-arm values are all equal (e.g. one pair drawn n times) has no ratio.
      if (sy > 0) ratios[kept++] = Spread.of(xs).std() / sy;
    }
    Arrays.sort(ratios, 0, kept);
    return new SpreadRatio(n, ratio, quantile(ratios, kept, (1 - level) / 2), quantile(ratios, kept, (1 + level) / 2), level);
  }

  /** "smaller" or "larger" when the interval lies on one side of 1, else "not resolved". */
  public String verdict() {
    if (!(low <= high)) return "too few runs";
    return high < 1 ? "smaller" : low > 1 ? "larger" : "not resolved";
  }

  /** e.g. "0.72 (0.54–1.09): not resolved". */
  public String describe() {
    if (Double.isNaN(ratio)) return "–";
    return Double.isNaN(low) ? String.format(Locale.ROOT, "%.2f: %s", ratio, verdict())
        : String.format(Locale.ROOT, "%.2f (%.2f–%.2f): %s", ratio, low, high, verdict());
  }

  /** The q-quantile of the first n sorted values, linearly interpolated. */
  private static double quantile(double[] sorted, int n, double q) {
    if (n == 0) return Double.NaN;
    double pos = q * (n - 1);
    int i = (int) Math.floor(pos);
    return i + 1 < n ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[n - 1];
  }
}
