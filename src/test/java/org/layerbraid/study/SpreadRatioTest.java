package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpreadRatioTest {

  private static double[] normal(SplittableRandom rnd, int n, double sigma) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: independent of the code under test.
      double u = 1 - rnd.nextDouble(), w = rnd.nextDouble();
      v[i] = 0.87 + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
    return v;
  }

  @Test
  void anAffineImageHasItsScaleAsEveryResamplesRatio() {
    double[] b = {0.861, 0.874, 0.869, 0.880, 0.858, 0.871};
    double[] a = new double[b.length];
    for (int i = 0; i < b.length; i++) a[i] = 0.5 * b[i] + 0.4;
    SpreadRatio r = SpreadRatio.of(a, b, 0.9, 2000, 1);
    assertEquals(6, r.pairs());
    assertEquals(0.5, r.ratio(), 1e-12);
    assertEquals(0.5, r.low(), 1e-12);
    assertEquals(0.5, r.high(), 1e-12);
    assertEquals("smaller", r.verdict());
    assertEquals("0.50 (0.50–0.50): smaller", r.describe());
    assertEquals("larger", SpreadRatio.of(b, a, 0.9, 2000, 1).verdict());
    SpreadRatio same = SpreadRatio.of(b, b, 0.9, 2000, 1);
    assertEquals("1.00 (1.00–1.00): not resolved", same.describe());
  }

  /**
   * With equal true spreads the 90 % interval should hold 1 in about nine experiments out of ten; a
   * percentile interval from 25 pairs holds it a little less often (0.83 here).
   */
  @Test
  void theIntervalCoversAnEqualSpreadAboutAsOftenAsItsLevelSays() {
    SplittableRandom rnd = new SplittableRandom(42);
    int experiments = 300, covered = 0;
    for (int e = 0; e < experiments; e++) {
      SpreadRatio r = SpreadRatio.of(normal(rnd, 25, 0.004), normal(rnd, 25, 0.004), 0.9, 1000, e);
      if (r.low() <= 1 && 1 <= r.high()) covered++;
    }
    double coverage = (double) covered / experiments;
    assertTrue(coverage > 0.78 && coverage < 0.97, "coverage " + coverage);
  }

  @Test
  void aSpreadHalfAsLargeIsResolvedByThirtyPairs() {
    SplittableRandom rnd = new SplittableRandom(7);
    int smaller = 0;
    for (int e = 0; e < 100; e++) {
      if (SpreadRatio.of(normal(rnd, 30, 0.002), normal(rnd, 30, 0.004), 0.9, 1000, e).verdict().equals("smaller")) smaller++;
    }
    assertTrue(smaller >= 80, smaller + " of 100");
  }

  @Test
  void theResamplingSeedMovesTheEndsLittle() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[] a = normal(rnd, 25, 0.004), b = normal(rnd, 25, 0.004);
    SpreadRatio one = SpreadRatio.of(a, b, 0.9, SpreadRatio.RESAMPLES, 1), two = SpreadRatio.of(a, b, 0.9, SpreadRatio.RESAMPLES, 2);
    assertEquals(one, SpreadRatio.of(a, b, 0.9, SpreadRatio.RESAMPLES, 1), "the same seed, the same interval");
    assertEquals(one.ratio(), two.ratio());
    assertEquals(one.low(), two.low(), 0.05);
    assertEquals(one.high(), two.high(), 0.05);
  }

  @Test
  void unfinishedPairsAreLeftOutAndTooFewAreSaidSo() {
    double nan = Double.NaN;
    SpreadRatio r = SpreadRatio.of(new double[] {0.1, 0.2, nan, 0.4}, new double[] {0.3, nan, 0.5, 0.2}, 0.9, 100, 1);
    assertEquals(2, r.pairs());
    assertEquals("too few runs", r.verdict());
    assertTrue(r.describe().endsWith(": too few runs"), r.describe());
    assertThrows(IllegalArgumentException.class, () -> SpreadRatio.of(new double[2], new double[3], 0.9, 100, 1));
    assertThrows(IllegalArgumentException.class, () -> SpreadRatio.of(new double[3], new double[3], 1.0, 100, 1));
  }
}
