package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FormatAndTicksTest {
  @Test
  void durationsPickAReadableUnit() {
    assertEquals("850ms", Format.duration(0.85));
    assertEquals("12.3s", Format.duration(12.34));
    assertEquals("4m05s", Format.duration(245));
    assertEquals("2h03m", Format.duration(2 * 3600 + 3 * 60 + 10));
    assertEquals("?", Format.duration(Double.NaN));
  }

  @Test
  void ratesAndPercents() {
    assertEquals("950", Format.rate(950));
    assertEquals("4.2k", Format.rate(4200));
    assertEquals("1.3M", Format.rate(1.25e6 + 1));
    assertEquals("91.2%", Format.percent(0.9123));
    assertEquals("-", Format.percent(Double.NaN));
  }

  @Test
  void ticksFallOnNiceStepsInsideTheRange() {
    assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, Ticks.between(-3.08, 3.08, 6));
    double[] t = Ticks.between(0, 1, 4);
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, t, 1e-12);
    assertEquals("[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]",
        Arrays.toString(Arrays.stream(t).mapToObj(v -> Ticks.label(v, t)).toArray()));
    double[] big = Ticks.between(-1234, 5678, 5);
    assertEquals("-1000", Ticks.label(big[0], big));
  }
}
