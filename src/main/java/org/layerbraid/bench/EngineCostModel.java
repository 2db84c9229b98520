package org.layerbraid.bench;

import java.util.function.IntUnaryOperator;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.MgritOptions;

/**
 * Predicted wall time of a forward MGRIT solve on P executors, from two measured costs: one layer
 * step ({@code stepSeconds}, from serial propagation: seconds / N) and one Spark stage
 * ({@code stageSeconds}), and the stage count of an iteration,
 * plus {@code stagesPerSolve} once per solve, {@code stagesFixed + stagesPerLevel
 * · (levels − 1)}.
 *
 * <p>Work per level follows the cycle's definition (as {@code MgritCostCommand.predictedPerIteration}):
 * level l &lt; L does (nrelax+1)·n_l steps of relaxation, level l+1 steps its n_{l+1} intervals for the
 * FAS right-hand side, each intermediate level F-relaxes its F-points on the way up, and the
 * coarsest level is stepped through in order on the driver (serial). A level of n intervals is cut
 * into at most n / cfactor blocks (blocks start on C-points), so it runs on min(P, n / cfactor)
 * executors. A solve with skip does, in its first iteration, only the coarsest solve and the
 * up-cycle; every solve ends with a fine F-relaxation.
 */
public record EngineCostModel(double stepSeconds, double stageSeconds, double stagesFixed, double stagesPerLevel,
    double stagesPerSolve, int cfactor, int nrelax) {

  /** The solver priced: the default hierarchy with this cfactor and relaxation, tolerance 0, skip on. */
  public MgritOptions options(int iterations) {
    return MgritOptions.DEFAULTS.withCfactors(cfactor).withNrelax(nrelax).withTolerance(0, 0).withMaxIter(iterations)
        .withSkip(true);
  }

  public Hierarchy hierarchy(int depth) { return new Hierarchy(depth, 0, 1, options(1)); }

  /** Layer steps of a solve of {@code iterations} (tolerance 0, skip on) split by parallelism: [parallel time in steps at P, total steps]. */
  public double[] stepsOfSolve(int depth, int iterations, int executors) {
    return stepsOfSolve(hierarchy(depth), l -> nrelax, true, iterations, executors);
  }

  /**
   * Layer steps of a solve of {@code iterations} cycles (tolerance 0) on a hierarchy, with
   * {@code nrelax.applyAsInt(l)} CF sweeps on level l, the first cycle skipped or not: [time in
   * steps on {@code executors} executors, total steps]. A one-level hierarchy is stepped through in
   * order once.
   */
  public static double[] stepsOfSolve(Hierarchy h, IntUnaryOperator nrelax, boolean skip, int iterations, int executors) {
    int coarsest = h.numLevels() - 1;
    if (coarsest == 0) return new double[] {intervals(h.level(0)), intervals(h.level(0))};
    double[] first = stepsPerIteration(h, nrelax, skip);
    double[] full = stepsPerIteration(h, nrelax, false);
    double time = 0, total = 0;
    // The coarsest level's sweep runs in order, on one executor; its right-hand side on its blocks.
    double serial = iterations * intervals(h.level(coarsest));
    for (int l = 0; l <= coarsest; l++) {
      double perLevel = first[l] + (iterations - 1) * full[l];
      double inOrder = l == coarsest ? serial : 0;
      total += perLevel;
      time += (perLevel - inOrder) / parallelism(h.level(l), executors) + inOrder;
    }
    double finalRelax = fPoints(h.level(0));
    total += finalRelax;
    time += finalRelax / parallelism(h.level(0), executors);
    return new double[] {time, total};
  }

  /**
   * Layer steps of one iteration per level, from the cycle's definition, with n_l intervals on level
   * l: each level l above the coarsest does (nrelax(l) + 1) sweeps that step every interval once
   * (C-relaxation and the residual reuse what F-relaxation stepped into the C-points) and the coarse
   * right-hand side steps every coarse interval, on the coarse level's blocks; the coarsest level is
   * stepped through once; going up, each intermediate level F-relaxes its F-points. The skipped first
   * iteration does only the coarsest solve and the F-relaxations going up.
   */
  public static double[] stepsPerIteration(Hierarchy h, IntUnaryOperator nrelax, boolean skipped) {
    int coarsest = h.numLevels() - 1;
    double[] steps = new double[h.numLevels()];
    for (int l = 0; l < coarsest; l++) {
      if (!skipped) {
        steps[l] += (nrelax.applyAsInt(l) + 1) * intervals(h.level(l));
        steps[l + 1] += intervals(h.level(l + 1));
      }
      if (l >= 1) steps[l] += fPoints(h.level(l));
    }
    steps[coarsest] += intervals(h.level(coarsest));
    return steps;
  }

  /** Stages of one iteration on a hierarchy of this many levels. */
  public double stagesPerIteration(int levels) { return stagesFixed + stagesPerLevel * (levels - 1); }

  /** Predicted seconds of a forward solve of {@code iterations} on {@code executors}. */
  public double solveSeconds(int depth, int iterations, int executors) {
    double steps = stepsOfSolve(depth, iterations, executors)[0];
    return steps * stepSeconds + stagesOfSolve(depth, iterations) * stageSeconds;
  }

  /** Stages of a solve: per iteration times iterations, plus what a solve adds or saves once (set-up, skip, states). */
  public double stagesOfSolve(int depth, int iterations) {
    return Math.max(1, iterations * stagesPerIteration(hierarchy(depth).numLevels()) + stagesPerSolve);
  }

  /** Serial forward propagation: N steps. */
  public double serialSeconds(int depth) { return depth * stepSeconds; }

  public double speedup(int depth, int iterations, int executors) {
    return serialSeconds(depth) / solveSeconds(depth, iterations, executors);
  }

  /**
   * Smallest depth (a multiple of cfactor) at which the solve beats serial propagation, found by
   * doubling up to {@code maxDepth} then bisecting; -1 when it never does up to there.
   */
  public int crossoverDepth(int iterations, int executors, int maxDepth) {
    int lo = cfactor, hi = -1;
    for (int n = cfactor; n <= maxDepth; n *= 2) {
      if (speedup(n, iterations, executors) > 1) {
        hi = n;
        break;
      }
      lo = n;
    }
    if (hi < 0) return -1;
    while (hi - lo > cfactor) {
      int mid = (lo + hi) / 2 / cfactor * cfactor;
      if (mid <= lo || mid >= hi) break;
      if (speedup(mid, iterations, executors) > 1) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private static int intervals(Level l) { return l.numPoints() - 1; }

  private static int fPoints(Level l) { return intervals(l) - intervals(l) / l.cfactor(); }

  private static double parallelism(Level l, int executors) {
    return Math.max(1, Math.min(executors, intervals(l) / l.cfactor()));
  }
}
