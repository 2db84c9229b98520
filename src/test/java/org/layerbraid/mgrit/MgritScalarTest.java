package org.layerbraid.mgrit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.mgrit.demo.ScalarBackwardEuler;

/** MGRIT on ODEs whose discrete solutions are known in closed form. */
class MgritScalarTest {

  static List<double[]> constantGuess(int ntime, double u0, double guess) {
    List<double[]> s = new ArrayList<>();
    s.add(new double[] {u0});
    for (int i = 1; i <= ntime; i++) s.add(new double[] {guess});
    return s;
  }

  static <V> ConvergenceHistory run(TimeStepper<V> stepper, int ntime, double tstop, MgritOptions o, int blocks,
      List<V> guess, List<V> out) {
    Hierarchy h = new Hierarchy(ntime, 0, tstop, o);
    InJvmEngine<V> engine = new InJvmEngine<>(h, stepper, blocks);
    engine.initialize(guess, null);
    ConvergenceHistory history = new Mgrit<V>(h, o).solve(engine);
    out.addAll(engine.states(0));
    return history;
  }

  @ParameterizedTest(name = "cfactor {0}, nrelax {1}, maxLevels {2}, blocks {3}, ntime {4}")
  @CsvSource({
      "2, 1, 2, 1, 10", "2, 0, 2, 1, 64", "2, 1, 10, 1, 64", "4, 1, 10, 1, 256", "4, 0, 3, 1, 100",
      "2, 1, 10, 3, 64", "4, 1, 10, 5, 257", "3, 2, 4, 2, 99", "2, 1, 1, 1, 16"})
  void convergedSolveEqualsClosedForm(int cfactor, int nrelax, int maxLevels, int blocks, int ntime) {
    double lambda = -1.3, u0 = 1.7, tstop = 5;
    MgritOptions o = new MgritOptions(maxLevels, new int[] {cfactor}, new int[] {nrelax}, 2, 1e-13, 0, 100, true, false);
    List<double[]> states = new ArrayList<>();
    ConvergenceHistory h = run(new ScalarBackwardEuler(lambda), ntime, tstop, o, blocks, constantGuess(ntime, u0, 0.456), states);
    assertTrue(h.converged(), "not converged: " + h.residuals());
    double dt = tstop / ntime;
    for (int i = 0; i <= ntime; i++) {
      double exact = u0 / Math.pow(1 - lambda * dt, i);
      assertEquals(exact, states.get(i)[0], 1e-12 * Math.abs(exact) + 1e-15, "point " + i);
    }
  }

  @ParameterizedTest(name = "cfactor {0}, skip {1}")
  @CsvSource({"2, true", "2, false", "4, true", "4, false", "3, true"})
  void twoLevelFRelaxationIsExactOverKTimesCfactorPointsAfterKIterations(int cfactor, boolean skip) {
    int ntime = 96;
    double lambda = -0.7, dt = 0.05;
    for (int k = 1; k <= 6; k++) {
      MgritOptions o = new MgritOptions(2, new int[] {cfactor}, new int[] {0}, 2, 0, 0, k, skip, false);
      List<double[]> states = new ArrayList<>();
      run(new ScalarBackwardEuler(lambda), ntime, ntime * dt, o, 1, constantGuess(ntime, 1.0, 0.0), states);
      for (int i = 0; i < k * cfactor; i++) {
        double exact = 1.0 / Math.pow(1 - lambda * dt, i);
        assertEquals(exact, states.get(i)[0], 1e-14, "k=" + k + " point " + i);
      }
      // and not everywhere yet, while few cycles ran: otherwise the check above would prove nothing
      if (k <= 3) {
        double exactLast = 1.0 / Math.pow(1 - lambda * dt, ntime);
        assertTrue(Math.abs(states.get(ntime)[0] - exactLast) > 1e-12, "k=" + k + ": already converged");
      }
    }
  }

  @Test
  void blockCountDoesNotChangeANumber() {
    MgritOptions o = new MgritOptions(5, new int[] {2, 4}, new int[] {1, 0}, 2, 1e-10, 0, 30, true, false);
    List<double[]> reference = new ArrayList<>();
    ConvergenceHistory h1 = run(new ScalarBackwardEuler(-2), 200, 4, o, 1, constantGuess(200, 1, 0.5), reference);
    for (int blocks : new int[] {2, 3, 7, 16}) {
      List<double[]> states = new ArrayList<>();
      ConvergenceHistory hb = run(new ScalarBackwardEuler(-2), 200, 4, o, blocks, constantGuess(200, 1, 0.5), states);
      // per-block partial sums of ‖r‖² are added in another order: equal to round-off
      double[] r1 = h1.residualArray(), rb = hb.residualArray();
      assertEquals(r1.length, rb.length, "iterations with " + blocks + " blocks");
      for (int k = 1; k < r1.length; k++) assertEquals(r1[k], rb[k], 1e-14 * r1[k], "r_" + k + " with " + blocks + " blocks");
      for (int i = 0; i < states.size(); i++) assertEquals(reference.get(i)[0], states.get(i)[0], 0.0, "point " + i);
    }
  }

  @Test
  void skipLeavesFirstResidualUnavailableAndCountsIterationsLikeXBraid() {
    // XBraid's ex-01: ntime 10, tstop 5, λ = −1, init 0.456, max_levels 2, cfactor 2, FCF, abs tol 1e-6.
    MgritOptions o = new MgritOptions(2, new int[] {2}, new int[] {1}, 2, 1e-6, 0, 100, true, false);
    List<double[]> states = new ArrayList<>();
    ConvergenceHistory h = run(new ScalarBackwardEuler(-1), 10, 5, o, 1, constantGuess(10, 1, 0.456), states);
    assertTrue(Double.isNaN(h.residuals().get(0)), "r_0 is not available with skip");
    assertEquals(h.residuals().size(), h.iterations());
    assertTrue(h.lastResidual() < 1e-6 && h.residuals().get(h.residuals().size() - 2) >= 1e-6);
    assertTrue(h.table().contains("|| r_0 || not available"), h.table());
    // residuals fall monotonically after the first
    double[] r = h.residualArray();
    for (int k = 2; k < r.length; k++) assertTrue(r[k] < r[k - 1], h.table());
  }

  @Test
  void maxIterBoundsTheCycles() {
    MgritOptions o = new MgritOptions(3, new int[] {2}, new int[] {0}, 2, 0, 0, 3, false, false);
    ConvergenceHistory h = run(new ScalarBackwardEuler(-1), 64, 5, o, 1, constantGuess(64, 1, 0), new ArrayList<>());
    assertEquals(3, h.iterations());
    assertFalse(h.converged());
  }

  @Test
  void fmgConvergesToTheSameSolution() {
    MgritOptions o = new MgritOptions(6, new int[] {2}, new int[] {1}, 2, 1e-13, 0, 50, false, true);
    List<double[]> states = new ArrayList<>();
    ConvergenceHistory h = run(new ScalarBackwardEuler(-1), 128, 4, o, 3, constantGuess(128, 1, 0), states);
    assertTrue(h.converged());
    double dt = 4.0 / 128;
    for (int i = 0; i <= 128; i++) assertEquals(1 / Math.pow(1 + dt, i), states.get(i)[0], 1e-12);
  }
}
