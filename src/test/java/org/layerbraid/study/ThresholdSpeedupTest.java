package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Speed-ups at validation thresholds from hand-made curves, against figures worked out by hand. */
class ThresholdSpeedupTest {
  /** Points of (seconds, depth, validation accuracy); steps and the target-set accuracy do not matter here. */
  private static Curve curve(double[][] points) {
    Curve c = new Curve();
    for (double[] p : points) c.add(p[0], 0, 0, (int) p[1], 0.5, p[2]);
    return c;
  }

  // Seed 1: nested iteration reaches 0.90 at depth 4 (2 s), the final depth 16 reaches it at 6 s and 0.94 at 8 s.
  private static final Curve NESTED_1 = curve(new double[][] {{1, 4, 0.80}, {2, 4, 0.90}, {4, 8, 0.89}, {6, 16, 0.92},
      {8, 16, 0.94}});
  private static final Curve RANDOM_1 = curve(new double[][] {{3, 16, 0.70}, {9, 16, 0.91}, {12, 16, 0.95}});
  // Seed 2: nested iteration gets to 0.90 only at depth 16 (5 s); the random start never reaches 0.95.
  private static final Curve NESTED_2 = curve(new double[][] {{1, 4, 0.70}, {3, 8, 0.85}, {5, 16, 0.93}, {7, 16, 0.96}});
  private static final Curve RANDOM_2 = curve(new double[][] {{4, 16, 0.80}, {10, 16, 0.90}, {15, 16, 0.93}});

  private static final List<ThresholdSpeedup.Pair> PAIRS = List.of(new ThresholdSpeedup.Pair(1, NESTED_1, RANDOM_1, 16),
      new ThresholdSpeedup.Pair(2, NESTED_2, RANDOM_2, 16));

  @Test
  void theWholeScheduleAndTheFinalDepthNetworkAreTimedApart() {
    ThresholdSpeedup t = ThresholdSpeedup.at(0.90, PAIRS);
    // Seed 1: 9 / 2 = 4.5 for the schedule, 9 / 6 = 1.5 for the depth-16 network; seed 2: 10 / 5 = 2 both.
    assertArrayEquals(new double[] {4.5, 2.0}, t.ratios(), 1e-12);
    assertArrayEquals(new double[] {1.5, 2.0}, t.finalDepthRatios(), 1e-12);
    assertEquals(3.25, t.speedup(), 1e-12);
    assertEquals(1.75, t.finalDepthSpeedup(), 1e-12);
    assertEquals(3.5, t.nestedSeconds(), 1e-12, "median of 2 s and 5 s");
    assertEquals(5.5, t.nestedFinalDepthSeconds(), 1e-12, "median of 6 s and 5 s");
    assertEquals(9.5, t.randomSeconds(), 1e-12);
    assertEquals(List.of("seed 1 (depth 4)"), t.shallowerFirst(), "seed 2 got there at the final depth");
    assertEquals(0, t.randomMissed());
    assertEquals(0, t.nestedMissed());
  }

  @Test
  void aSeedWhereAnArmNeverGetsThereIsCountedNotAveraged() {
    ThresholdSpeedup t = ThresholdSpeedup.at(0.95, PAIRS);
    // Seed 1: nested tops out at 0.94; seed 2: the random start at 0.93. No ratio either way.
    assertEquals(0, t.ratios().length);
    assertTrue(Double.isNaN(t.speedup()));
    assertEquals(1, t.randomMissed());
    assertEquals(1, t.nestedMissed());
    assertEquals(List.of(), t.shallowerFirst());
    assertEquals(12.0, t.randomSeconds(), 1e-12, "seed 1's random start, the only one there");
  }

  @Test
  void theDefaultThresholdIsTheTunedRandomStartsMedianFinalValidationLessHalfAPoint() {
    // Final validation accuracies 0.95 and 0.93: median 0.94, less 0.005.
    assertEquals(0.935, ThresholdSpeedup.defaultThreshold(PAIRS), 1e-12);
    ThresholdSpeedup t = ThresholdSpeedup.at(0.935, PAIRS);
    // Seed 1: random 12 s, nested 8 s (depth 16, never above 0.935 shallower); seed 2: random never gets there.
    assertArrayEquals(new double[] {1.5}, t.ratios(), 1e-12);
    assertArrayEquals(new double[] {1.5}, t.finalDepthRatios(), 1e-12);
    assertEquals(1, t.randomMissed());
    assertEquals(List.of(), t.shallowerFirst());
  }
}
