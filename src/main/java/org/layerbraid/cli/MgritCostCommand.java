package org.layerbraid.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerbraid.bench.EngineCostModel;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;
import org.layerbraid.report.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Work of one MGRIT iteration in time-stepper applications (for a ResNet: layer-steps), measured
 * by counting the steps the solver takes, beside the count derived from the cycle's definition,
 * both in units of a serial sweep over all N steps.
 */
@Command(name = "cost", mixinStandardHelpOptions = true,
    description = "Steps per MGRIT iteration, measured and predicted, in units of one serial propagation.")
final class MgritCostCommand implements Callable<Integer> {
  @Option(names = "--layers", split = ",", defaultValue = "64,256,1024,4096",
      description = "depths N, comma-separated (default: ${DEFAULT-VALUE})") int[] layers;
  @Option(names = "--cfactors", split = ",", defaultValue = "2,4",
      description = "coarsening factors, comma-separated (default: ${DEFAULT-VALUE})") int[] cfactors;
  @Option(names = "--maxLevels", defaultValue = "10", description = "most levels of the hierarchy (default: ${DEFAULT-VALUE})")
  int maxLevels;
  @Option(names = "--out", description = "file to write the Markdown table to") Path out;

  @Override
  public Integer call() throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("| layers N | cfactor | relaxation | levels | measured steps/iteration | predicted | in serial sweeps (N) |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    for (int n : layers) {
      for (int c : cfactors) {
        for (int nrelax : new int[] {0, 1}) {
          MgritOptions o = MgritOptions.DEFAULTS.withMaxLevels(maxLevels).withCfactors(c).withNrelax(nrelax)
              .withTolerance(0, 0).withMaxIter(1).withSkip(false);
          Hierarchy h = new Hierarchy(n, 0, 1, o);
          double perIteration = steps(h, o.withMaxIter(3)) - steps(h, o.withMaxIter(2));
          double predicted = predictedPerIteration(h, nrelax);
          s.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %.0f | %.0f | %.3f |%n", n, c, nrelax == 0 ? "F" : "FCF",
              h.numLevels(), perIteration, predicted, perIteration / n));
        }
      }
    }
    System.out.print(s);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      AtomicFiles.write(out, s.toString().getBytes(StandardCharsets.UTF_8));
    }
    return 0;
  }

  /** Steps of a solve of fixed iteration count (tolerance 0): the difference of two isolates one iteration. */
  private static double steps(Hierarchy h, MgritOptions o) {
    int n = h.level(0).numPoints() - 1;
    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= n; i++) guess.add(new double[] {1});
    InJvmEngine<double[]> engine = new InJvmEngine<>(h, new ScalarBackwardEuler(-1), 1);
    engine.initialize(guess, null);
    ConvergenceHistory history = engine.solve(new Mgrit<>(h, o));
    return history.steps();
  }

  /** From the cycle's definition ({@link EngineCostModel#stepsPerIteration}). */
  static double predictedPerIteration(Hierarchy h, int nrelax) {
    return java.util.Arrays.stream(EngineCostModel.stepsPerIteration(h, l -> nrelax, false)).sum();
  }
}
