package org.layerbraid.mgrit;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Solver settings, named as in XBraid. {@link #DEFAULTS} is the one place their defaults are set (the
 * run options take theirs from it); a variation is made with the {@code with…} methods, e.g.
 * {@code MgritOptions.DEFAULTS.withMaxLevels(2).withTolerance(1e-6, 0)}.
 *
 * @param maxLevels  most levels in the hierarchy (1 = serial solve)
 * @param cfactors   coarsening factor per level; the last entry applies to all deeper levels
 * @param nrelax     CF sweeps before the F-relaxation per level (0 = F, 1 = FCF); last entry applies below
 * @param minCoarse  do not coarsen to fewer points than this
 * @param absTol     stop when the fine C-point residual norm falls below this
 * @param relTol     or below relTol times the first residual norm (0 = off)
 * @param maxIter    most cycles
 * @param skip       do no relaxation on the first down-cycle (the initial guess carries no information)
 * @param fmg        every cycle is an F-cycle (each coarse level is visited again on the way up) instead of a V-cycle
 */
public record MgritOptions(int maxLevels, int[] cfactors, int[] nrelax, int minCoarse, double absTol, double relTol,
    int maxIter, boolean skip, boolean fmg) implements Serializable {

  /**
   * The defaults of training: XBraid's cfactor 2, tolerance 1e-9 and skip, with F-relaxation on the
   * finest level and FCF below (the cheap fine sweep that one-shot training wants), at most 10
   * levels and 50 cycles.
   */
  public static final MgritOptions DEFAULTS = new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 2, 1e-9, 0, 50, true,
      false);

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

  @Override
  public int[] cfactors() { return cfactors.clone(); }

  @Override
  public int[] nrelax() { return nrelax.clone(); }

  public int cfactor(int level) { return cfactors[Math.min(level, cfactors.length - 1)]; }

  public int nrelax(int level) { return nrelax[Math.min(level, nrelax.length - 1)]; }

  public MgritOptions withMaxLevels(int levels) {
    return new MgritOptions(levels, cfactors, nrelax, minCoarse, absTol, relTol, maxIter, skip, fmg);
  }

  /** One coarsening factor per level, the last applying below. */
  public MgritOptions withCfactors(int... factors) {
    return new MgritOptions(maxLevels, factors, nrelax, minCoarse, absTol, relTol, maxIter, skip, fmg);
  }

  /** CF sweeps per level, the last applying below. */
  public MgritOptions withNrelax(int... sweeps) {
    return new MgritOptions(maxLevels, cfactors, sweeps, minCoarse, absTol, relTol, maxIter, skip, fmg);
  }

  public MgritOptions withMinCoarse(int points) {
    return new MgritOptions(maxLevels, cfactors, nrelax, points, absTol, relTol, maxIter, skip, fmg);
  }

  public MgritOptions withTolerance(double abs, double rel) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, abs, rel, maxIter, skip, fmg);
  }

  public MgritOptions withMaxIter(int iterations) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, absTol, relTol, iterations, skip, fmg);
  }

  public MgritOptions withSkip(boolean newSkip) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, absTol, relTol, maxIter, newSkip, fmg);
  }

  public MgritOptions withFmg(boolean fCycles) {
    return new MgritOptions(maxLevels, cfactors, nrelax, minCoarse, absTol, relTol, maxIter, skip, fCycles);
  }

  @Override
  public String toString() {
    return "maxLevels=" + maxLevels + " cfactor=" + Arrays.toString(cfactors) + " nrelax=" + Arrays.toString(nrelax)
        + " minCoarse=" + minCoarse + " absTol=" + absTol + " relTol=" + relTol + " maxIter=" + maxIter
        + " skip=" + skip + " fmg=" + fmg;
  }
}
