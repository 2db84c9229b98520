package org.layerbraid.study;

import java.util.Arrays;

/** Mean, median, sample standard deviation, min and max of a sample; NaN entries are left out and counted. */
public record Spread(int n, int missing, double mean, double median, double std, double min, double max) {

  public static Spread of(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    int missing = values.length - v.length;
    if (v.length == 0) return new Spread(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    double mean = Arrays.stream(v).average().orElseThrow();
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    double std = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    double median = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    return new Spread(v.length, missing, mean, median, std, v[0], v[v.length - 1]);
  }
}
