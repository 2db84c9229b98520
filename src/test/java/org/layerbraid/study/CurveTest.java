package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CurveTest {
  private static Curve curve() {
    Curve c = new Curve();
    c.add(1.0, 10, 40, 4, 0.50, 0.55);
    c.add(2.0, 20, 80, 4, 0.85, 0.80);
    c.add(3.0, 30, 200, 8, 0.92, 0.90);
    c.add(4.0, 40, 360, 16, 0.88, 0.95);
    c.add(5.0, 50, 520, 16, 0.93, 0.95);
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
  void theTargetCanBeReachedBeforeTheFinalDepth() {
    assertEquals(8, curve().depthAt(0.9));
    assertEquals(5.0, curve().secondsTo(0.9, 16), "the depth-16 network first gets to 90 % at 5 s");
    assertEquals(3.0, curve().secondsTo(0.9, 8));
    assertTrue(Double.isNaN(curve().secondsTo(0.95, 16)));
    assertEquals(-1, curve().depthAt(0.95));
  }

  @Test
  void readingsTakeTheFirstPointAtOrAfterTheBudgetElseTheEnd() {
    assertEquals(0.85, curve().atSeconds(1.5).accuracy());
    assertEquals(0.85, curve().atSeconds(2.0).accuracy());
    assertEquals(0.90, curve().atSteps(25).validationAccuracy());
    assertEquals(0.93, curve().atSteps(1000).accuracy());
    assertTrue(curve().reaches(5.0));
    assertFalse(curve().reaches(5.5));
  }

  @Test
  void pointsMustComeInTimeOrder() {
    Curve c = curve();
    assertThrows(IllegalArgumentException.class, () -> c.add(4.5, 50, 400, 16, 0.9, 0.9));
    double[][] xy = c.secondsAndAccuracy();
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, xy[0]);
    assertArrayEquals(new double[] {0.5, 0.85, 0.92, 0.88, 0.93}, xy[1]);
  }
}
