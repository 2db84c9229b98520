package org.layerbraid.mgrit;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Solver settings, named as in XBraid.
 *
 * @param maxLevels  most levels in the hierarchy (1 = serial solve)
 * @param cfactors   coarsening factor per level; the last entry applies to all deeper levels
 * @param nrelax     CF sweeps before the F-relaxation per level (0 = F, 1 = FCF); last entry applies below
 * @param minCoarse  do not coarsen to fewer points than this
 * @param absTol     stop when the fine C-point residual norm falls below this
 * @param relTol     or below relTol times the first residual norm (0 = off)
 * @param maxIter    most V-cycles
 * @param skip       do no relaxation on the first down-cycle (the initial guess carries no information)
 * @param fmg        every cycle an F-cycle: on the way up, each intermediate level first runs a
 *                   V-cycle of its own before it corrects the finer level (not a one-off
 *                   full-multigrid start from the coarsest grid)
 */
public record MgritOptions(int maxLevels, int[] cfactors, int[] nrelax, int minCoarse, double absTol, double relTol,
    int maxIter, boolean skip, boolean fmg) implements Serializable {

  public MgritOptions {
    require(maxLevels >= 1, "maxLevels must be >= 1, got " + maxLevels);
    require(cfactors != null && cfactors.length > 0, "cfactors must name at least one coarsening factor");
    for (int c : cfactors) require(c >= 2, "cfactor must be >= 2, got " + Arrays.toString(cfactors));
    require(nrelax != null && nrelax.length > 0, "nrelax must name at least one value");
    for (int n : nrelax) require(n >= 0, "nrelax must be >= 0, got " + Arrays.toString(nrelax));
    require(minCoarse >= 2, "minCoarse must be >= 2, got " + minCoarse);
    require(absTol >= 0 && relTol >= 0, "absTol and relTol must be >= 0, got " + absTol + ", " + relTol);
    require(maxIter >= 1, "maxIter must be >= 1, got " + maxIter);
    cfactors = cfactors.clone();
    nrelax = nrelax.clone();
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  /** XBraid's defaults where it has them: cfactor 2, FCF, tolerance 1e-9, 100 iterations, skip on. */
  public static MgritOptions defaults() {
    return new MgritOptions(30, new int[] {2}, new int[] {1}, 2, 1e-9, 0, 100, true, false);
  }

  public int cfactor(int level) { return cfactors[Math.min(level, cfactors.length - 1)]; }

  public int nrelax(int level) { return nrelax[Math.min(level, nrelax.length - 1)]; }

  public MgritOptions withMaxIter(int iterations) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, absTol, relTol, iterations, skip, fmg);
  }

  public MgritOptions withTolerance(double abs, double rel) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, abs, rel, maxIter, skip, fmg);
  }

  public MgritOptions withSkip(boolean newSkip) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, absTol, relTol, maxIter, newSkip, fmg);
  }

  @Override
  public String toString() {
    return "maxLevels=" + maxLevels + " cfactor=" + Arrays.toString(cfactors) + " nrelax=" + Arrays.toString(nrelax)
        + " minCoarse=" + minCoarse + " absTol=" + absTol + " relTol=" + relTol + " maxIter=" + maxIter
        + " skip=" + skip + " fmg=" + fmg;
  }
}
