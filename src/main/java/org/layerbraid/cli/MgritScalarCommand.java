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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scalar", mixinStandardHelpOptions = true,
    description = "u' = λu by backward Euler (XBraid's ex-01), printed like XBraid's convergence table.")
final class MgritScalarCommand implements Callable<Integer> {
  @Option(names = "--lambda", defaultValue = "-1", description = "λ (default ${DEFAULT-VALUE})") double lambda;
  @Option(names = "--u0", defaultValue = "1", description = "initial value") double u0;
  @Option(names = "--init", defaultValue = "0.456", description = "initial guess at the other time points") double init;
  @Option(names = "--tstart", defaultValue = "0") double tstart;
  @Option(names = "--tstop", defaultValue = "5") double tstop;
  @Option(names = "--ntime", defaultValue = "10", description = "number of time steps") int ntime;
  @Option(names = "--blocks", defaultValue = "1", description = "blocks per level") int blocks;
  @Mixin MgritOptionsMixin solver;

  @Override
  public Integer call() {
    MgritOptions o = solver.options();
    Hierarchy h = new Hierarchy(ntime, tstart, tstop, o);
    List<double[]> guess = new ArrayList<>();
    guess.add(new double[] {u0});
    for (int i = 1; i <= ntime; i++) guess.add(new double[] {init});
    InJvmEngine<double[]> engine = new InJvmEngine<>(h, new ScalarBackwardEuler(lambda), blocks);
    engine.initialize(guess, null);
    System.out.printf(Locale.ROOT, "%n  Braid: Begin simulation, %d time steps%n", ntime);
    ConvergenceHistory history = new Mgrit<double[]>(h, o).solve(engine);
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
