package org.layerbraid.cli;

import org.layerbraid.mgrit.MgritOptions;
import picocli.CommandLine.Option;

/** The solver options every MGRIT command takes, named as in XBraid. */
final class MgritOptionsMixin {
  @Option(names = "--maxLevels", defaultValue = "10", description = "most levels (default ${DEFAULT-VALUE})")
  int maxLevels;

  @Option(names = "--cfactor", split = ",", defaultValue = "2", description = "coarsening factor, or one per level")
  int[] cfactor;

  @Option(names = "--nrelax", split = ",", defaultValue = "1", description = "CF sweeps per level (0 = F, 1 = FCF)")
  int[] nrelax;

  @Option(names = "--minCoarse", defaultValue = "2", description = "fewest intervals on the coarsest grid")
  int minCoarse;

  @Option(names = "--absTol", defaultValue = "1e-9", description = "absolute residual tolerance")
  double absTol;

  @Option(names = "--relTol", defaultValue = "0", description = "relative residual tolerance (0 = off)")
  double relTol;

  @Option(names = "--maxIter", defaultValue = "100", description = "most iterations")
  int maxIter;

  @Option(names = "--skip", defaultValue = "true", arity = "1", description = "skip work on the first down-cycle")
  boolean skip;

  @Option(names = "--fmg", defaultValue = "false", description = "F-cycles")
  boolean fmg;

  MgritOptions options() {
    return new MgritOptions(maxLevels, cfactor, nrelax, minCoarse, absTol, relTol, maxIter, skip, fmg);
  }
}
