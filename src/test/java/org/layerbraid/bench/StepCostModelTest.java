package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.bench.StepCostModel.Coordination;
import org.layerbraid.bench.StepCostModel.Placement;
import org.layerbraid.mgrit.MgritOptions;

/** The step cost model against sums done by hand from the cycle's definition. */
class StepCostModelTest {
  // Training's solver: cfactor 2, F-relaxation on the finest level and FCF below, skip, minCoarse 2.
  private static final StepCostModel MODEL = new StepCostModel(1, 2, 3, 4, MgritOptions.DEFAULTS, 2, 1);

  /** One level steps the chain in order, with MGRIT's steppers; serial propagation at its own cost per layer. */
  @Test
  void oneLevelOnOneCoreStepsTheChainOnceEachWay() {
    StepCostModel flat = MODEL.with(MgritOptions.DEFAULTS.withMaxLevels(1), 2, 1);
    for (int depth : new int[] {8, 64, 1000}) {
      assertEquals(depth * (1 + 2 + 3.0), flat.stepSeconds(depth, Placement.executors(1), Coordination.NONE), 1e-9);
      assertEquals(depth * 4.0, MODEL.serialSeconds(depth), 1e-9);
    }
  }

  /**
   * Depth 8 → levels of 8, 4, 2 intervals. A full iteration steps 8 (F on level 0) + 4 (FAS right-hand
   * side) + 8 (FCF on level 1) + 2 (F going up) + 2 (right-hand side of level 2) + 2 (coarsest) = 26;
   * the skipped first one 2 + 2 = 4; the final F-relaxation 4. Forward (2 cycles) 4 + 26 + 4 = 34,
   * adjoint (1 cycle) 4 + 4 = 8, gradient 8: 34·1 + 8·2 + 8·3 = 74 on one core.
   */
  @Test
  void tinyCaseMatchesHandCount() {
    assertEquals(3, MODEL.hierarchy(8).numLevels());
    Coordination engine = new Coordination(0.5, 0.1, 4, 0.75);
    assertEquals(74, MODEL.computeSeconds(8, Placement.executors(1)), 1e-9);
    // 3 iterations at 0.5 + 0.1·1, and 4 + 0.75·8 once.
    assertEquals(74 + 3 * 0.6 + 10, MODEL.stepSeconds(8, Placement.executors(1), engine), 1e-9);
    // On 2 executors: forward 8/2 + 16/2 + (2 in order ·2 cycles + 2/1) + 4/2 = 20 steps, adjoint
    // 0 + 2/2 + 2 + 4/2 = 5, gradient 8/2 = 4: 20·1 + 5·2 + 4·3 = 42.
    assertEquals(42, MODEL.computeSeconds(8, Placement.executors(2)), 1e-9);
    assertEquals(42 + 3 * 0.7 + 10, MODEL.stepSeconds(8, Placement.executors(2), engine), 1e-9);
    assertEquals(8 * 4 / (42 + 3 * 0.7 + 10), MODEL.speedup(8, 2, engine), 1e-12); // serial: 8 layers at 4
  }

  @Test
  void fewerCoresThanTasksBoundTheWorkAndSharedCoresSlowIt() {
    // 2 layer partitions on 1 core: the whole work, 34 + 8·2 + 8·3 = 74, as on one executor.
    assertEquals(74, MODEL.computeSeconds(8, new Placement(2, 1, 1, 1.5)), 1e-9);
    assertEquals(42 * 1.5, MODEL.computeSeconds(8, new Placement(2, 1, 2, 1.5)), 1e-9);
    // Two data shards halve every task's columns.
    assertEquals(42 / 2.0, MODEL.computeSeconds(8, new Placement(2, 2, 4, 1)), 1e-9);
  }

  @Test
  void latencyLineThroughExactPointsIsRecovered() {
    List<Integer> tasks = List.of(2, 4, 8, 16);
    List<StepBenchmark.Point> points = tasks.stream().map(t -> new StepBenchmark.Point(t + " tasks",
        Stats.of(new double[] {0.003 + 0.0005 * t}), Double.NaN)).toList();
    double[] line = StepBenchmark.fitLine(tasks, points);
    assertEquals(0.003, line[0], 1e-12);
    assertEquals(0.0005, line[1], 1e-12);
  }

  /** A median near zero at few tasks (noise of a difference) must not fix the line. */
  @Test
  void aNearZeroPointDoesNotFixTheLine() {
    List<Integer> tasks = List.of(2, 4, 8, 16);
    double[] ms = {-0.0001, 0.004, 0.006, 0.010};
    List<StepBenchmark.Point> points = new java.util.ArrayList<>();
    for (int i = 0; i < ms.length; i++) points.add(new StepBenchmark.Point(tasks.get(i) + " tasks", Stats.of(new double[] {ms[i]}), Double.NaN));
    double[] line = StepBenchmark.fitLine(tasks, points);
    // Hand-computed least squares: x̄ = 7.5, ȳ = 0.004975, Sxy = 0.07455, Sxx = 115.
    assertEquals(0.07455 / 115, line[1], 1e-9);
    assertEquals(0.004975 - 7.5 * 0.07455 / 115, line[0], 1e-9);
  }
}
