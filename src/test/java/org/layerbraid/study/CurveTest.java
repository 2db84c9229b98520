package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CurveTest {
  private static Curve curve() {
    Curve c = new Curve();
    c.add(1.0, 10, 40, 0.50, 0.55);
    c.add(2.0, 20, 80, 0.85, 0.80);
    c.add(3.0, 30, 200, 0.92, 0.90);
    c.add(4.0, 40, 360, 0.88, 0.95);
    return c;
  }

  @Test
  void timeToTargetIsTheFirstCrossing() {
    assertEquals(3.0, curve().secondsTo(0.9));
    assertEquals(30, curve().stepsTo(0.9));
    assertEquals(200, curve().layerStepsTo(0.9));
    assertEquals(-1, curve().layerStepsTo(0.95));
    assertEquals(1.0, curve().secondsTo(0.5));
    assertTrue(Double.isNaN(curve().secondsTo(0.95)));
    assertEquals(-1, curve().stepsTo(0.95));
  }

  @Test
  void readingsTakeTheFirstPointAtOrAfterTheBudgetElseTheEnd() {
    assertEquals(0.85, curve().atSeconds(1.5).accuracy());
    assertEquals(0.85, curve().atSeconds(2.0).accuracy());
    assertEquals(0.90, curve().atSteps(25).validationAccuracy());
    assertEquals(0.88, curve().atSteps(1000).accuracy());
    assertTrue(curve().reaches(4.0));
    assertFalse(curve().reaches(4.5));
  }

  @Test
  void pointsMustComeInTimeOrder() {
    Curve c = curve();
    assertThrows(IllegalArgumentException.class, () -> c.add(3.5, 50, 400, 0.9, 0.9));
    double[][] xy = c.secondsAndAccuracy();
    assertArrayEquals(new double[] {1, 2, 3, 4}, xy[0]);
    assertArrayEquals(new double[] {0.5, 0.85, 0.92, 0.88}, xy[1]);
  }
}
