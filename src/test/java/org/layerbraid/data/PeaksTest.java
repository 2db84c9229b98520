package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PeaksTest {

  @Test
  void zMatchesClosedFormsAtSimplePoints() {
    // z(0,0): only the first and last terms survive, each with e^{-1}: 3/e − 1/(3e) = 8/(3e).
    assertEquals(8 / (3 * Math.E), Peaks.z(0, 0), 1e-15);
    // z(1,1): first term vanishes; −10(1/5 − 1 − 1)e^{−2} − e^{−5}/3 = 18e^{−2} − e^{−5}/3.
    assertEquals(18 * Math.exp(-2) - Math.exp(-5) / 3, Peaks.z(1, 1), 1e-14);
  }

  @Test
  void gridIsLinspaceOrderedRowByRow() {
    Examples g = Peaks.grid();
    assertEquals(65536, g.size());
    assertEquals(2, g.dim());
    assertEquals(5, g.numClasses());
    assertEquals(-3.0, g.feature(0, 0));
    assertEquals(-3.0, g.feature(0, 1));
    assertEquals(3.0, g.feature(255, 0));
    assertEquals(-3.0, g.feature(255, 1));
    // example j*256 + i is (xs[i], ys[j]); xs[i] = −3 + 6i/255
    assertEquals(-3 + 6.0 * 7 / 255, g.feature(2 * 256 + 7, 0), 1e-15);
    assertEquals(-3 + 6.0 * 2 / 255, g.feature(2 * 256 + 7, 1), 1e-15);
  }

  @Test
  void gridClassCountsAreThePublishedOnes() {
    assertArrayEquals(new int[] {1829, 7968, 47557, 6384, 1798}, Peaks.grid().classCounts());
  }

  @Test
  void labelsFollowEqualWidthBands() {
    Examples g = Peaks.grid();
    // Corner (−3,−3): z ≈ 6.67e−5; with zmin ≈ −6.5497, Δ ≈ 2.9310: (z − zmin)/Δ ≈ 2.23 → class 2.
    assertEquals(2, g.label(0));
    // The grid maximum (i=127, j=195, z ≈ 8.105) is in the top band, the minimum (i=137, j=58) in the bottom.
    assertEquals(4, g.label(195 * 256 + 127));
    assertEquals(0, g.label(58 * 256 + 137));
    double z = Peaks.z(g.feature(195 * 256 + 127, 0), g.feature(195 * 256 + 127, 1));
    assertEquals(8.105393446796095, z, 1e-12);
  }

  @Test
  void sampleIsBalancedInterleavedAndOnTheGrid() {
    Examples s = Peaks.sample(40, 3);
    assertEquals(200, s.size());
    assertArrayEquals(new int[] {40, 40, 40, 40, 40}, s.classCounts());
    Examples g = Peaks.grid();
    for (int m = 0; m < s.size(); m++) {
      assertEquals(m % 5, s.label(m));
      int i = (int) Math.round((s.feature(m, 0) + 3) * 255 / 6);
      int j = (int) Math.round((s.feature(m, 1) + 3) * 255 / 6);
      assertEquals(g.label(j * 256 + i), s.label(m), "sample " + m + " carries its grid label");
      assertEquals(Peaks.coordinate(i), s.feature(m, 0));
    }
  }

  @Test
  void sampleIsDeterministicPerSeed() {
    Examples a = Peaks.sample(1000, 42);
    Examples b = Peaks.sample(1000, 42);
    Examples c = Peaks.sample(1000, 43);
    assertArrayEquals(a.features(), b.features());
    assertArrayEquals(a.labels(), b.labels());
    assertFalse(Arrays.equals(a.features(), c.features()));
    assertNotEquals(42, Peaks.validationSeed(42));
  }

  @Test
  void gridReturnsACopy() {
    Peaks.grid().features()[0] = 99;
    assertEquals(-3.0, Peaks.grid().feature(0, 0));
  }
}
