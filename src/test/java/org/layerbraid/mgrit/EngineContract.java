package org.layerbraid.mgrit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbraid.TestData;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.resnet.ResNetAdjointStepper;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;

/**
 * What every {@link Engine} must do, checked against truth that owes nothing to the engines: the
 * closed-form solution of u' = λu, serial propagation, serial backpropagation, and XBraid's own
 * printed numbers. Each subclass names one engine by implementing {@link #engine}; a new engine (the
 * resident Spark engine, say) gets the whole contract by adding one more subclass. Every solve here
 * closes the engine it built ({@link Engine#close}), so a subclass only manages what its engines
 * share (a Spark context, for instance).
 *
 * <p>Test methods are public so that JUnit runs them in subclasses of other packages.
 */
public abstract class EngineContract {

  /** The engine under test, holding the hierarchy's points in {@code blocks} blocks per level. */
  protected abstract Engine<double[]> engine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int blocks);

  /** What a solve leaves: its history and the fine-level states. */
  protected record Solved(ConvergenceHistory history, List<double[]> states) {
    double state(int i) { return states.get(i)[0]; }
  }

  /** u' = λu by backward Euler, {@code ntime} steps over [0, tstop] from u0 (XBraid's ex-01 family). */
  protected record Scalar(double lambda, double u0, int ntime, double tstop) {
    TimeStepper<double[]> stepper() { return new ScalarBackwardEuler(lambda); }

    /** u_i = u0 / (1 − λΔt)^i. */
    double closedForm(int i) { return u0 / Math.pow(1 - lambda * tstop / ntime, i); }

    /** u0 followed by {@code value} at every other point: the usual cold start. */
    List<double[]> constantGuess(double value) {
      List<double[]> s = new ArrayList<>();
      s.add(new double[] {u0});
      for (int i = 1; i <= ntime; i++) s.add(new double[] {value});
      return s;
    }

    /** Serial time stepping over the fine grid's own time points: what MGRIT converges to. */
    List<double[]> serial() {
      List<double[]> s = new ArrayList<>(List.of(new double[] {u0}));
      for (int i = 0; i < ntime; i++) s.add(step(s.get(i), i));
      return s;
    }

    /** One fine step out of point i, at the times the solve's fine level gives it. */
    double[] step(double[] u, int i) {
      Level fine = new Level(0, ntime + 1, 2, 1, ntime, 0, tstop);
      return stepper().step(u, null, 0, i, i + 1, fine.time(i), fine.time(i + 1));
    }
  }

  static MgritOptions options(int maxLevels, int cfactor, int nrelax, double absTol, int maxIter, boolean skip, boolean fmg) {
    return new MgritOptions(maxLevels, new int[] {cfactor}, new int[] {nrelax}, 2, absTol, 0, maxIter, skip, fmg);
  }

  /** Solves on a fresh engine of the kind under test and reads it with {@code read} before closing it. */
  protected final <T> T solveAndRead(TimeStepper<double[]> stepper, int steps, double tstop, MgritOptions o, int blocks,
      List<double[]> guess, List<double[]> aux, BiFunction<ConvergenceHistory, Engine<double[]>, T> read) {
    Hierarchy h = new Hierarchy(steps, 0, tstop, o);
    return run(engine(h, stepper, blocks), h, o, guess, aux, read);
  }

  protected final Solved solve(TimeStepper<double[]> stepper, int steps, double tstop, MgritOptions o, int blocks,
      List<double[]> guess, List<double[]> aux) {
    return solveAndRead(stepper, steps, tstop, o, blocks, guess, aux, EngineContract::solved);
  }

  protected final Solved solve(Scalar p, MgritOptions o, int blocks, List<double[]> guess) {
    return solve(p.stepper(), p.ntime(), p.tstop(), o, blocks, guess, null);
  }

  /** The same solve on the in-JVM engine, the reference every other engine's numbers are held to. */
  static Solved solveInJvm(Scalar p, MgritOptions o, int blocks, List<double[]> guess) {
    Hierarchy h = new Hierarchy(p.ntime(), 0, p.tstop(), o);
    return run(new InJvmEngine<>(h, p.stepper(), blocks), h, o, guess, null, EngineContract::solved);
  }

  private static <T> T run(Engine<double[]> engine, Hierarchy h, MgritOptions o, List<double[]> guess, List<double[]> aux,
      BiFunction<ConvergenceHistory, Engine<double[]>, T> read) {
    try (engine) {
      engine.initialize(guess, aux);
      return read.apply(engine.solve(new Mgrit<>(h, o)), engine);
    }
  }

  private static Solved solved(ConvergenceHistory history, Engine<double[]> engine) {
    return new Solved(history, engine.states(0));
  }

  @ParameterizedTest(name = "cfactor {0}, nrelax {1}, maxLevels {2}, blocks {3}, ntime {4}")
  @CsvSource({
      "2, 1, 2, 1, 10", "2, 0, 2, 1, 64", "2, 1, 10, 1, 64", "4, 1, 10, 1, 256", "4, 0, 3, 1, 100",
      "2, 1, 10, 3, 64", "4, 1, 10, 5, 257", "3, 2, 4, 2, 99", "2, 1, 1, 1, 16"})
  public void convergedSolveEqualsTheClosedForm(int cfactor, int nrelax, int maxLevels, int blocks, int ntime) {
    Scalar p = new Scalar(-1.3, 1.7, ntime, 5);
    Solved s = solve(p, options(maxLevels, cfactor, nrelax, 1e-13, 100, true, false), blocks, p.constantGuess(0.456));
    assertTrue(s.history().converged(), "not converged: " + s.history().residuals());
    // Math.pow and i divisions round differently: a few ulps per step apart
    for (int i = 0; i <= ntime; i++) assertEquals(p.closedForm(i), s.state(i), 1e-12 * Math.abs(p.closedForm(i)), "point " + i);
  }

  /**
   * XBraid's ex-01 (10 steps over [0, 5], λ = −1, u0 = 1, guess 0.456, 2 levels, cfactor 2, FCF,
   * skip, abs tol 1e-6). XBraid's regression test of it (test/ode1D, test 0) records 4 iterations
   * ending at a residual of exactly 0: two-level FCF is exact on 2 more coarse intervals per
   * cycle, and 5 intervals take the 3 cycles after the skipped one. r_1 and r_2 are pinned at
   * the digits {@code mgrit scalar} printed and docs/mgrit/README.md shows.
   */
  @ParameterizedTest(name = "blocks {0}")
  @ValueSource(ints = {1, 2, 3})
  public void xbraidEx01(int blocks) {
    Scalar p = new Scalar(-1, 1, 10, 5);
    ConvergenceHistory h = solve(p, options(2, 2, 1, 1e-6, 100, true, false), blocks, p.constantGuess(0.456)).history();
    double[] r = h.residualArray();
    assertEquals(4, h.iterations(), h.table());
    assertEquals(r.length, h.iterations(), "one residual line per iteration");
    assertTrue(h.converged());
    assertTrue(Double.isNaN(r[0]), "r_0 is not available with skip");
    assertTrue(h.table().contains("|| r_0 || not available"), h.table());
    assertPrintedAs("2.845538e-02", r[1]);
    assertPrintedAs("8.621939e-04", r[2]);
    assertEquals(0.0, r[3], h.table());
  }

  /**
   * XBraid's ex-01-expanded as its regression test runs it (test/ode1D, tests 18, 19, 28, 29):
   * {@code -ntime 24 -ml <levels> -mi 2 -nu0 1 -nu 2 -skip <skip>}, i.e. 24 steps over [0, 12],
   * λ = −1, u0 = 1, guess 0.456, cfactor 2, FCF on level 0 and FCFCF below, 2 iterations; the
   * final residual norm as XBraid printed it.
   */
  @ParameterizedTest(name = "levels {0}, skip {1}: {2}")
  @CsvSource({"2, true, 2.851112e-02, 1", "2, false, 1.403540e-02, 3", "3, true, 5.856029e-02, 2",
      "3, false, 1.420885e-02, 4"})
  public void xbraidEx01ExpandedRegressionResiduals(int levels, boolean skip, String printed, int blocks) {
    Scalar p = new Scalar(-1, 1, 24, 12);
    MgritOptions o = new MgritOptions(levels, new int[] {2}, new int[] {1, 2}, 2, 1e-6, 0, 2, skip, false);
    ConvergenceHistory h = solve(p, o, blocks, p.constantGuess(0.456)).history();
    assertEquals(2, h.iterations());
    assertPrintedAs(printed, h.lastResidual());
  }

  /**
   * XBraid prints residuals as %e with 6 decimals: the true value lies within half a unit of the
   * last printed digit (5e-7 relative to the mantissa), and that is as close as its digits allow.
   */
  static void assertPrintedAs(String printed, double actual) {
    BigDecimal p = new BigDecimal(printed);
    double halfUnit = p.ulp().doubleValue() / 2;
    assertEquals(p.doubleValue(), actual, halfUnit, "XBraid printed " + printed);
  }

  /**
   * Two-level MGRIT with F-relaxation solves one more coarse interval exactly per cycle, with FCF
   * two more (Falgout et al. 2014, "Parallel time integration with multigrid"; a skipped first
   * cycle relaxes nothing and so adds none); the final F-relaxation then makes the F-points after
   * the last exact C-point exact too. Checked up to that point against serial stepping, and the
   * point after it must still be off, or the check would prove nothing.
   */
  @ParameterizedTest(name = "cfactor {0}, nrelax {1}, skip {2}, blocks {3}")
  @CsvSource({"2, 0, true, 1", "2, 0, false, 3", "4, 0, true, 2", "3, 0, false, 1", "2, 1, true, 3",
      "3, 1, false, 2", "4, 1, true, 1"})
  public void twoLevelMgritIsExactOnMorePointsEveryCycle(int cfactor, int nrelax, boolean skip, int blocks) {
    Scalar p = new Scalar(-0.7, 1, 96, 96 * 0.05);
    List<double[]> serial = p.serial();
    for (int k = 1; k <= 4; k++) {
      Solved s = solve(p, options(2, cfactor, nrelax, 0, k, skip, false), blocks, p.constantGuess(0));
      int exactCPoints = (nrelax + 1) * (k - (skip ? 1 : 0));
      int exactPoints = (exactCPoints + 1) * cfactor;
      for (int i = 0; i < exactPoints; i++) {
        assertEquals(serial.get(i)[0], s.state(i), 1e-14 * serial.get(i)[0], "after " + k + " cycles, point " + i);
      }
      double error = Math.abs(s.state(exactPoints) - serial.get(exactPoints)[0]);
      assertTrue(error > 1e-12, "after " + k + " cycles, point " + exactPoints + " is already exact: " + error);
    }
  }

  /** A solve stops after maxIter cycles, says it did not converge, and ends with F-points consistent with their C-points. */
  @ParameterizedTest(name = "maxIter {0}")
  @ValueSource(ints = {1, 3})
  public void solveStopsAtMaxIter(int maxIter) {
    Scalar p = new Scalar(-1, 1, 64, 5);
    Solved s = solve(p, options(3, 2, 0, 0, maxIter, false, false), 2, p.constantGuess(0));
    assertEquals(maxIter, s.history().iterations());
    assertEquals(maxIter, s.history().residuals().size());
    assertFalse(s.history().converged());
    for (int i = 1; i <= p.ntime(); i++) {
      if (i % 2 == 0) continue; // a C-point of cfactor 2
      assertEquals(p.step(s.states().get(i - 1), i - 1)[0], s.state(i), 0.0, "F-point " + i + " after the final F-relaxation");
    }
  }

  /** With skip (XBraid's default) the first cycle only injects: no residual to report, and less work for the same cycles. */
  @Test
  public void skipLeavesTheFirstResidualUnavailableAndSavesWork() {
    Scalar p = new Scalar(-1, 1, 64, 5);
    ConvergenceHistory skipped = solve(p, options(3, 2, 1, 0, 4, true, false), 3, p.constantGuess(0.456)).history();
    ConvergenceHistory full = solve(p, options(3, 2, 1, 0, 4, false, false), 3, p.constantGuess(0.456)).history();
    assertTrue(Double.isNaN(skipped.residualArray()[0]), skipped.table());
    assertTrue(skipped.table().contains("|| r_0 || not available"), skipped.table());
    for (int k = 1; k < 4; k++) assertFalse(Double.isNaN(skipped.residualArray()[k]), skipped.table());
    assertFalse(Double.isNaN(full.residualArray()[0]), full.table());
    assertEquals(full.iterations(), skipped.iterations());
    assertTrue(skipped.steps() < full.steps(), "steps with skip " + skipped.steps() + ", without " + full.steps());
  }

  /** F-cycles solve the same problem, in no more cycles than V-cycles, their residuals falling every cycle. */
  @Test
  public void fCyclesConvergeToTheClosedFormInNoMoreCyclesThanVCycles() {
    Scalar p = new Scalar(-1, 1, 64, 4);
    Solved f = solve(p, options(5, 2, 1, 1e-13, 50, false, true), 3, p.constantGuess(0));
    Solved v = solve(p, options(5, 2, 1, 1e-13, 50, false, false), 3, p.constantGuess(0));
    assertTrue(f.history().converged(), f.history().table());
    for (int i = 0; i <= p.ntime(); i++) assertEquals(p.closedForm(i), f.state(i), 1e-12 * p.closedForm(i), "point " + i);
    assertTrue(f.history().iterations() <= v.history().iterations(), "F " + f.history().table() + "V " + v.history().table());
    double[] r = f.history().residualArray();
    for (int k = 1; k < r.length; k++) assertTrue(r[k] < r[k - 1], f.history().table());
    // the extra V-cycles on the way up cost steps
    assertTrue(f.history().steps() / f.history().iterations() > v.history().steps() / v.history().iterations());
  }

  /** With two levels there is no intermediate level: an F-cycle is a V-cycle, number for number. */
  @Test
  public void onTwoLevelsAnFCycleIsAVCycle() {
    Scalar p = new Scalar(-1, 1, 40, 4);
    Solved f = solve(p, options(2, 2, 1, 1e-12, 50, true, true), 2, p.constantGuess(0.3));
    Solved v = solve(p, options(2, 2, 1, 1e-12, 50, true, false), 2, p.constantGuess(0.3));
    assertEquals(v.history().residuals(), f.history().residuals());
    assertEquals(v.history().steps(), f.history().steps());
    for (int i = 0; i <= p.ntime(); i++) assertEquals(v.state(i), f.state(i), 0.0, "point " + i);
  }

  /**
   * An adjoint solve (backpropagation through a ResNet as MGRIT in reversed time, linearised about
   * the forward states the engine keeps as aux data, coarse steps taking the aux of their last fine
   * step) converges to serial backpropagation, λ at every layer.
   */
  @ParameterizedTest(name = "cfactor {0}, nrelax {1}, blocks {2}")
  @CsvSource({"2, 1, 1", "4, 0, 3", "2, 0, 4"})
  public void adjointSolveEqualsSerialBackpropagation(int cfactor, int nrelax, int blocks) {
    NetworkShape shape = new NetworkShape(3, 4, 32, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    ResNet net = new ResNet(shape, new Initialization(1, 1.5, 1, 3).draw(shape));
    double[][] states = new SerialPropagation().forward(net, net.open(TestData.randomExamples(3, 3, 6, 5).features(), 6), 0);
    double[] lambdaN = new SplittableRandom(8).doubles(states[0].length, -1, 1).toArray();
    int depth = shape.depth();
    double[][] serial = new double[depth + 1][]; // serial[i] = λ at layer N − i, as the solve orders them
    serial[0] = lambdaN;
    for (int i = 1; i <= depth; i++) {
      int n = depth - i;
      serial[i] = net.stepAdjoint(n, shape.stepSize(), states[n], null, serial[i - 1], null);
    }

    List<double[]> guess = new ArrayList<>();
    for (int i = 0; i <= depth; i++) guess.add(lambdaN);
    MgritOptions o = options(10, cfactor, nrelax, 1e-13, 100, true, false);
    Solved s = solve(new ResNetAdjointStepper(net, CoarseWeights.MEAN), depth, shape.finalTime(), o, blocks, guess,
        ResNetAdjointStepper.auxFor(states));
    assertTrue(s.history().converged(), s.history().table());
    assertTrue(s.history().iterations() > 1, "MGRIT should have iterated");
    for (int i = 0; i <= depth; i++) {
      assertTrue(TestData.relDiff(serial[i], s.states().get(i)) <= 1e-12,
          "λ at layer " + (depth - i) + ": " + TestData.relDiff(serial[i], s.states().get(i)));
    }
  }

  /** A warm start at the solution (relaxed on the first cycle, as a warm start should be) is done after one cycle. */
  @ParameterizedTest(name = "blocks {0}")
  @ValueSource(ints = {1, 3})
  public void warmStartAtTheSolutionIsDoneInOneCycle(int blocks) {
    Scalar p = new Scalar(-1, 1, 64, 5);
    List<double[]> serial = p.serial();
    Solved s = solve(p, options(4, 2, 1, 1e-10, 50, false, false), blocks, serial);
    assertEquals(1, s.history().iterations(), s.history().table());
    assertTrue(s.history().converged());
    assertTrue(s.history().residualArray()[0] <= 1e-15, s.history().table());
    for (int i = 0; i <= p.ntime(); i++) assertEquals(serial.get(i)[0], s.state(i), 1e-15, "point " + i);
  }

  @ParameterizedTest(name = "blocks {0}")
  @ValueSource(ints = {1, 3})
  public void warmStartNearTheSolutionNeedsFewerCyclesThanAColdStart(int blocks) {
    Scalar p = new Scalar(-1, 1, 64, 5);
    List<double[]> near = new ArrayList<>();
    for (double[] u : p.serial()) near.add(new double[] {u[0] * (1 + 1e-5 * Math.sin(near.size()))});
    MgritOptions o = options(4, 2, 1, 1e-12, 50, false, false);
    Solved warm = solve(p, o, blocks, near);
    Solved cold = solve(p, o, blocks, p.constantGuess(0.456));
    assertTrue(warm.history().converged() && cold.history().converged());
    assertTrue(warm.history().iterations() < cold.history().iterations(),
        "warm " + warm.history().iterations() + " cycles, cold " + cold.history().iterations());
    for (int i = 0; i <= p.ntime(); i++) assertEquals(p.closedForm(i), warm.state(i), 1e-12, "point " + i);
  }

  /** How a level is cut into blocks changes no number: only the order the blocks' ‖r‖² are added in. */
  @Test
  public void residualHistoryAndStatesDoNotDependOnTheBlockCount() {
    Scalar p = new Scalar(-2, 1, 200, 4);
    MgritOptions o = new MgritOptions(5, new int[] {2, 4}, new int[] {1, 0}, 2, 1e-10, 0, 30, true, false);
    Solved one = solve(p, o, 1, p.constantGuess(0.5));
    for (int blocks : new int[] {2, 3, 5}) {
      Solved s = solve(p, o, blocks, p.constantGuess(0.5));
      assertSameNumbers(one, s, blocks + " blocks");
    }
  }

  /** The engine under test gives the in-JVM engine's residuals, states and step count, iteration by iteration. */
  @Test
  public void residualHistoryStatesAndWorkEqualTheInJvmEngines() {
    Scalar p = new Scalar(-1.5, 1, 90, 3);
    MgritOptions o = new MgritOptions(4, new int[] {2, 3}, new int[] {1, 0}, 2, 1e-12, 0, 30, true, false);
    Solved expected = solveInJvm(p, o, 3, p.constantGuess(0.3));
    Solved actual = solve(p, o, 3, p.constantGuess(0.3));
    assertSameNumbers(expected, actual, "against the in-JVM engine");
    assertEquals(expected.history().steps(), actual.history().steps());
  }

  private static void assertSameNumbers(Solved expected, Solved actual, String what) {
    double[] re = expected.history().residualArray(), ra = actual.history().residualArray();
    assertEquals(re.length, ra.length, "iterations, " + what);
    for (int k = 0; k < re.length; k++) {
      if (Double.isNaN(re[k])) assertTrue(Double.isNaN(ra[k]), "r_" + k + ", " + what);
      else assertEquals(re[k], ra[k], 1e-14 * re[k], "r_" + k + ", " + what);
    }
    for (int i = 0; i < expected.states().size(); i++) {
      assertEquals(expected.state(i), actual.state(i), 0.0, "point " + i + ", " + what);
    }
  }

  /** sumVectors adds every block's vector once: here each block's sum of states and its number of points. */
  @ParameterizedTest(name = "blocks {0}")
  @ValueSource(ints = {1, 2, 5})
  public void sumVectorsAddsEveryBlockOnce(int blocks) {
    Scalar p = new Scalar(-1, 1, 40, 4);
    double[] sum = solveAndRead(p.stepper(), p.ntime(), p.tstop(), options(3, 2, 1, 1e-13, 50, true, false), blocks,
        p.constantGuess(0), null, (history, e) -> e.sumVectors(0, EngineContract::statesAndPoints));
    double expected = 0;
    for (int i = 0; i <= p.ntime(); i++) expected += p.closedForm(i);
    assertEquals(p.ntime() + 1, sum[1], 0.0, "points");
    assertEquals(expected, sum[0], 1e-12 * expected, "sum of states");
  }

  private static double[] statesAndPoints(Block<double[]> b, TimeStepper<double[]> stepper) {
    double sum = 0;
    for (int k = 0; k < b.size(); k++) sum += b.state(k)[0];
    return new double[] {sum, b.size()};
  }
}
