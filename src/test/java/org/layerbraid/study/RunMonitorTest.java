package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.report.EpochRecord;

class RunMonitorTest {
  private static final NetworkShape SHAPE = new NetworkShape(2, 2, 2, 2, 1.0, Activation.TANH, BiasMode.SCALAR);
  /** Two points, one per class: a zero network ties, and ties go to class 0, so accuracy is 1/2. */
  private static final TargetSet TARGET = new TargetSet("test", new Examples(2, 2, new double[] {1, 0, 0, 1}, new int[] {0, 1}));

  private static EpochRecord epoch(int epoch, long step, double seconds) {
    return new EpochRecord(0, 2, epoch, step, 1, 0.5, 1, 0.5, seconds, 1, 0, 0, Double.NaN, 1);
  }

  @Test
  void measuresTheFirstEveryKthAndTheBudgetEpochsAndStopsOnlyWhenBothBudgetsAreSpent() {
    RunMonitor m = new RunMonitor(TARGET, 4, 6, 9.5, 1);
    double[] theta = new double[SHAPE.size()];
    int stoppedAt = 0;
    for (int e = 1; e <= 20 && stoppedAt == 0; e++) if (m.afterEpoch(epoch(e, e, e), SHAPE, theta)) stoppedAt = e;
    // Steps reach 6 at epoch 6 (a budget crossing), time reaches 9.5 at epoch 10 (both spent: stop).
    assertEquals(10, stoppedAt);
    assertEquals(List.of(1L, 4L, 6L, 8L, 10L), m.curve().points().stream().map(Curve.Point::steps).toList());
    assertEquals(0.5, m.curve().last().accuracy());
    assertEquals(0.5, m.curve().last().validationAccuracy());
  }

  /** Records count steps from their level's start; the curve counts them over the whole run, and weighs them by depth. */
  @Test
  void stepsAddUpOverLevelsAndLayerStepsWeighThemByDepth() {
    RunMonitor m = new RunMonitor(TARGET, 1);
    NetworkShape deeper = SHAPE.withDepth(4, 1.0);
    double[] theta = new double[SHAPE.size()];
    m.afterEpoch(new EpochRecord(0, 2, 1, 5, 1, 0.5, 1, 0.5, 1, 1, 0, 0, Double.NaN, 1), SHAPE, theta);
    m.afterEpoch(new EpochRecord(0, 2, 2, 10, 1, 0.5, 1, 0.5, 2, 1, 0, 0, Double.NaN, 1), SHAPE, theta);
    m.afterEpoch(new EpochRecord(1, 4, 1, 5, 1, 0.5, 1, 0.5, 3, 1, 0, 0, Double.NaN, 1), deeper, new double[deeper.size()]);
    assertEquals(List.of(5L, 10L, 15L), m.curve().points().stream().map(Curve.Point::steps).toList());
    assertEquals(List.of(10L, 20L, 40L), m.curve().points().stream().map(Curve.Point::layerSteps).toList());
    assertEquals(List.of(2, 2, 4), m.curve().points().stream().map(Curve.Point::depth).toList());
  }

  /** A level with batches four times the final level's counts each of its steps four times. */
  @Test
  void stepsOfLargerBatchesCountAsSeveral() {
    RunMonitor m = new RunMonitor(TARGET, 1, new double[] {4, 1});
    NetworkShape deeper = SHAPE.withDepth(4, 1.0);
    double[] theta = new double[SHAPE.size()];
    m.afterEpoch(new EpochRecord(0, 2, 1, 3, 1, 0.5, 1, 0.5, 1, 1, 0, 0, Double.NaN, 1), SHAPE, theta);
    m.afterEpoch(new EpochRecord(1, 4, 1, 12, 1, 0.5, 1, 0.5, 2, 1, 0, 0, Double.NaN, 1), deeper, new double[deeper.size()]);
    assertEquals(List.of(12L, 24L), m.curve().points().stream().map(Curve.Point::steps).toList());
    assertEquals(List.of(24L, 72L), m.curve().points().stream().map(Curve.Point::layerSteps).toList());
  }

  @Test
  void withoutBudgetsItNeverStops() {
    RunMonitor m = new RunMonitor(TARGET, 3);
    double[] theta = new double[SHAPE.size()];
    for (int e = 1; e <= 7; e++) assertFalse(m.afterEpoch(epoch(e, 10L * e, e), SHAPE, theta));
    assertEquals(List.of(10L, 30L, 60L), m.curve().points().stream().map(Curve.Point::steps).toList());
  }
}
