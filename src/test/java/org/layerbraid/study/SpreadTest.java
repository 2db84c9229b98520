package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void handComputedSample() {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32/7.
    Spread s = Spread.of(new double[] {9, 4, 2, 4, 5, Double.NaN, 4, 7, 5});
    assertEquals(8, s.n());
    assertEquals(1, s.missing());
    assertEquals(5.0, s.mean(), 1e-15);
    assertEquals(4.5, s.median(), 1e-15);
    assertEquals(Math.sqrt(32.0 / 7), s.std(), 1e-15);
    assertEquals(2.0, s.min());
    assertEquals(9.0, s.max());
  }

  @Test
  void oddCountsAndEmptySamples() {
    assertEquals(3.0, Spread.of(new double[] {5, 1, 3}).median());
    assertEquals(0.0, Spread.of(new double[] {7}).std());
    Spread none = Spread.of(new double[] {Double.NaN});
    assertEquals(0, none.n());
    assertTrue(Double.isNaN(none.median()));
  }
}
