package org.layerbraid.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scalar", mixinStandardHelpOptions = true,
    description = "u' = λu by backward Euler (XBraid's ex-01), printed like XBraid's convergence table.")
final class MgritScalarCommand implements Callable<Integer>, SolverOptions.Command {
  /** XBraid's ex-01 as it ships: 2 levels, cfactor 2, FCF, absolute tolerance 1e-6, at most 100 iterations, skip. */
  static final MgritOptions EX_01 = MgritOptions.DEFAULTS.withMaxLevels(2).withCfactors(2).withNrelax(1)
      .withTolerance(1e-6, 0).withMaxIter(100).withSkip(true);

  @Option(names = "--lambda", defaultValue = "-1", description = "λ (default: ${DEFAULT-VALUE})") double lambda;
  @Option(names = "--u0", defaultValue = "1", description = "initial value (default: ${DEFAULT-VALUE})") double u0;
  @Option(names = "--init", defaultValue = "0.456",
      description = "initial guess at the other time points (default: ${DEFAULT-VALUE})") double init;
  @Option(names = "--tstart", defaultValue = "0", description = "start time (default: ${DEFAULT-VALUE})") double tstart;
  @Option(names = "--tstop", defaultValue = "5", description = "stop time (default: ${DEFAULT-VALUE})") double tstop;
  @Option(names = "--ntime", defaultValue = "10", description = "number of time steps (default: ${DEFAULT-VALUE})")
  int ntime;
  @Option(names = "--blocks", defaultValue = "1", description = "blocks per level (default: ${DEFAULT-VALUE})") int blocks;
  @Spec CommandSpec spec;

  @Override
  public MgritOptions solverDefaults() { return EX_01; }

  @Override
  public CommandSpec spec() { return spec; }

  @Override
  public Integer call() {
    MgritOptions o = solver();
    Hierarchy h = new Hierarchy(ntime, tstart, tstop, o);
    List<double[]> guess = new ArrayList<>();
    guess.add(new double[] {u0});
    for (int i = 1; i <= ntime; i++) guess.add(new double[] {init});
    InJvmEngine<double[]> engine = new InJvmEngine<>(h, new ScalarBackwardEuler(lambda), blocks);
    engine.initialize(guess, null);
    System.out.printf(Locale.ROOT, "%n  Braid: Begin simulation, %d time steps%n", ntime);
    ConvergenceHistory history = engine.solve(new Mgrit<>(h, o));
    System.out.print(history.table());
    if (!history.converged()) System.out.println("  Braid: Max. iterations reached.");
    System.out.printf(Locale.ROOT, "%n  start time = %g%n  stop time  = %g%n  time steps = %d%n", tstart, tstop, ntime);
    System.out.printf(Locale.ROOT, "  %s%n  iterations = %d%n  number of levels = %d%n%s", o, history.iterations(),
        h.numLevels(), h);
    double last = engine.states(0).get(ntime)[0];
    double exact = u0 / Math.pow(1 - lambda * (tstop - tstart) / ntime, ntime);
    System.out.printf(Locale.ROOT, "  u(tstop) = %.15e, serial backward Euler = %.15e%n", last, exact);
    return 0;
  }
}
