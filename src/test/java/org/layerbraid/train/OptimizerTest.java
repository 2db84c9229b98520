package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The three optimisers on objectives whose minimiser is known in closed form: the quadratic
 * ½xᵀAx − bᵀx (minimiser A⁻¹b, worked out by hand below) and the Rosenbrock function (minimiser
 * (1, 1)). Step counts and tolerances are stated per optimiser.
 */
class OptimizerTest {

  /** A = [[4,1,0],[1,3,1],[0,1,2]] (eigenvalues 3−√3, 3, 3+√3), b = (1, 2, 3). */
  private static final double[][] A = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
  private static final double[] B = {1, 2, 3};
  /** A⁻¹b by Cramer's rule: det A = 18, x* = (4, 2, 26)/18; check: A·x* = (9, 18, 27)/9 = b. */
  private static final double[] X_STAR = {2.0 / 9, 1.0 / 9, 13.0 / 9};
  /** f(x*) = −½ bᵀx* = −(2 + 2 + 39)/18. */
  private static final double F_STAR = -43.0 / 18;

  /** Counts evaluations and remembers every value it returned. */
  private abstract static class Recording implements Objective {
    final List<Double> values = new ArrayList<>();

    abstract double value(double[] x);

    abstract double[] gradient(double[] x);

    @Override
    public Evaluation evaluate(double[] theta, boolean withGradient) {
      double[] x = theta.clone();
      double v = value(x);
      values.add(v);
      return new Evaluation(v, v, Double.NaN, 1, withGradient ? gradient(x) : null);
    }
  }

  static final class Quadratic extends Recording {
    @Override
    double value(double[] x) {
      double v = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) v += 0.5 * x[i] * A[i][j] * x[j];
        v -= B[i] * x[i];
      }
      return v;
    }

    @Override
    double[] gradient(double[] x) {
      double[] g = new double[3];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) g[i] += A[i][j] * x[j];
        g[i] -= B[i];
      }
      return g;
    }
  }

  /** f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1). */
  static final class Rosenbrock extends Recording {
    @Override
    double value(double[] p) {
      double a = 1 - p[0], c = p[1] - p[0] * p[0];
      return a * a + 100 * c * c;
    }

    @Override
    double[] gradient(double[] p) {
      double c = p[1] - p[0] * p[0];
      return new double[] {-2 * (1 - p[0]) - 400 * p[0] * c, 200 * c};
    }
  }

  /** f(x) = cᵀx: a constant gradient c, so every step of SGD and Adam can be written down by hand. */
  static final class Linear extends Recording {
    final double[] c;

    Linear(double... c) { this.c = c; }

    @Override
    double value(double[] x) {
      double v = 0;
      for (int i = 0; i < c.length; i++) v += c[i] * x[i];
      return v;
    }

    @Override
    double[] gradient(double[] x) { return c.clone(); }
  }

  private static double distance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
    return Math.sqrt(s);
  }

  private static Optimizer.Settings settings(Optimizer.Kind kind, double learningRate, double momentum) {
    Optimizer.Settings d = Optimizer.Settings.defaults(kind);
    return new Optimizer.Settings(kind, learningRate, momentum, d.beta1(), d.beta2(), d.epsilon(), d.lbfgsMemory(),
        d.lineSearchMaxSteps());
  }

  /** Steps until theta is within tol of target; fails if that takes more than maxSteps. */
  private static int stepsTo(Optimizer opt, Objective f, double[] theta, double[] target, double tol, int maxSteps) {
    for (int k = 0; k < maxSteps; k++) {
      if (distance(theta, target) <= tol) return k;
      opt.step(theta, f);
    }
    assertTrue(distance(theta, target) <= tol, "after " + maxSteps + " steps still " + distance(theta, target)
        + " from " + java.util.Arrays.toString(target) + " at " + java.util.Arrays.toString(theta));
    return maxSteps;
  }

  @Test
  void handComputedMinimiserSolvesTheSystem() {
    for (int i = 0; i < 3; i++) {
      double r = -B[i];
      for (int j = 0; j < 3; j++) r += A[i][j] * X_STAR[j];
      assertEquals(0, r, 1e-15);
    }
    assertEquals(F_STAR, new Quadratic().value(X_STAR), 1e-15);
  }

  @Test
  void sgdWithMomentumMinimisesTheQuadratic() {
    // Heavy ball with η = 0.2, μ = 0.5: for every eigenvalue λ of A the iteration's roots are complex
    // with modulus √μ ≈ 0.71, so the error shrinks ~0.71 per step: 1e-10 within ~70 steps.
    Quadratic f = new Quadratic();
    double[] x = {0, 0, 0};
    Optimizer sgd = settings(Optimizer.Kind.SGD, 0.2, 0.5).create();
    int steps = stepsTo(sgd, f, x, X_STAR, 1e-10, 100);
    assertTrue(steps > 10, "converged implausibly fast: " + steps);
    assertEquals(F_STAR, f.value(x), 1e-15);
  }

  @Test
  void sgdFirstStepsFollowTheHeavyBallFormula() {
    // From x0 = 0: g0 = −b, v1 = η b, x1 = η b; g1 = A x1 − b, v2 = μ v1 − η g1, x2 = x1 + v2.
    double eta = 0.2, mu = 0.5;
    Optimizer sgd = settings(Optimizer.Kind.SGD, eta, mu).create();
    Quadratic f = new Quadratic();
    double[] x = {0, 0, 0};
    Objective.Evaluation e0 = sgd.step(x, f);
    assertEquals(0, e0.value()); // the evaluation is at the starting point
    assertArrayEquals(new double[] {0.2, 0.4, 0.6}, x, 1e-15);
    sgd.step(x, f);
    // A x1 = (1.2, 2.0, 1.6), g1 = (0.2, 0, −1.4); v2 = (0.1, 0.2, 0.3) − 0.2 g1 = (0.06, 0.2, 0.58)
    assertArrayEquals(new double[] {0.26, 0.6, 1.18}, x, 1e-15);
  }

  @Test
  void adamMinimisesTheQuadratic() {
    Quadratic f = new Quadratic();
    double[] x = {0, 0, 0};
    Optimizer adam = settings(Optimizer.Kind.ADAM, 0.05, 0.9).create();
    stepsTo(adam, f, x, X_STAR, 1e-6, 2000);
  }

  @Test
  void lbfgsMinimisesTheQuadratic() {
    Quadratic f = new Quadratic();
    double[] x = {0, 0, 0};
    Optimizer lbfgs = Optimizer.Settings.defaults(Optimizer.Kind.LBFGS).create();
    stepsTo(lbfgs, f, x, X_STAR, 1e-10, 20);
    assertEquals(F_STAR, f.value(x), 1e-15);
  }

  /**
   * From the classic start (−1.2, 1) the iterates cross the region near x = −1 where the Hessian is
   * indefinite (yᵀs < 0 along the curved valley): an L-BFGS that keeps its old curvature pairs there
   * crawls (~670 steps); one that restarts its model needs ~40. 60 steps to 1e-8 from each start.
   */
  @ParameterizedTest
  @CsvSource({"-1.2, 1", "0, 0", "2, 2", "-1.5, 2", "1.2, 1.2"})
  void lbfgsMinimisesRosenbrockWithoutEverAcceptingAnIncrease(double x0, double y0) {
    Rosenbrock f = new Rosenbrock();
    double[] x = {x0, y0};
    Optimizer lbfgs = Optimizer.Settings.defaults(Optimizer.Kind.LBFGS).create();
    double previous = f.value(x);
    int steps = 0;
    while (distance(x, new double[] {1, 1}) > 1e-8) {
      assertTrue(++steps <= 60, "L-BFGS still at " + java.util.Arrays.toString(x) + " after 60 steps");
      Objective.Evaluation e = lbfgs.step(x, f);
      assertEquals(previous, e.value(), 0, "the step reports the value where it started");
      double now = f.value(x);
      assertTrue(now <= previous, "step " + steps + " went uphill: " + previous + " -> " + now);
      previous = now;
    }
    assertEquals(0, f.value(x), 1e-15);
    // The line search did work: some trial points were rejected, i.e. more evaluations than steps + 1.
    assertTrue(f.values.size() > steps + 1, f.values.size() + " evaluations in " + steps + " steps");
  }

  @Test
  void lbfgsStaysPutWhenNoStepDecreases() {
    // A gradient that points the wrong way: every trial along −g goes uphill, so the line search
    // must give up and leave theta where it was rather than accept an increase.
    Quadratic q = new Quadratic();
    Objective lying = (theta, withGradient) -> {
      Objective.Evaluation e = q.evaluate(theta, withGradient);
      double[] g = e.gradient();
      if (g != null) for (int i = 0; i < g.length; i++) g[i] = -g[i];
      return new Objective.Evaluation(e.value(), e.meanLoss(), e.accuracy(), e.count(), g);
    };
    double[] x = {1, -1, 2};
    double[] start = x.clone();
    Optimizer lbfgs = new Optimizer.Settings(Optimizer.Kind.LBFGS, 1, 0, 0.9, 0.999, 1e-8, 5, 6).create();
    for (int k = 0; k < 3; k++) {
      lbfgs.step(x, lying);
      assertArrayEquals(start, x, 0, "theta moved although no trial decreased the objective");
    }
  }

  @Test
  void lbfgsEvaluatesItsStartAgainAfterAFailedLineSearch() {
    // The same objective object, but the value it gave at the start may be stale (solves tightened
    // after a stall): after a failed line search the next step asks again instead of reusing it.
    Quadratic q = new Quadratic();
    int[] atStart = {0};
    double[] x = {1, -1, 2};
    double[] start = x.clone();
    Objective lying = (theta, withGradient) -> {
      if (java.util.Arrays.equals(theta, start)) atStart[0]++;
      Objective.Evaluation e = q.evaluate(theta, withGradient);
      double[] g = e.gradient();
      if (g != null) for (int i = 0; i < g.length; i++) g[i] = -g[i];
      return new Objective.Evaluation(e.value(), e.meanLoss(), e.accuracy(), e.count(), g);
    };
    Optimizer lbfgs = new Optimizer.Settings(Optimizer.Kind.LBFGS, 1, 0, 0.9, 0.999, 1e-8, 5, 3).create();
    lbfgs.step(x, lying);
    lbfgs.step(x, lying);
    assertEquals(2, atStart[0], "evaluations at the start point over two failed steps");
  }

  @Test
  void lbfgsNeverAcceptsANotANumberTrial() {
    // f = 2x² on (−1, 1), undefined (NaN) outside. From x = 0.6 the first trial, x − f'(x) = −1.8, is
    // outside; with a one-step line search nothing better is tried, and NaN is no decrease.
    Objective partial = (theta, withGradient) -> {
      double t = theta[0];
      double v = Math.abs(t) < 1 ? 2 * t * t : Double.NaN;
      return new Objective.Evaluation(v, v, Double.NaN, 1, withGradient ? new double[] {4 * t} : null);
    };
    double[] x = {0.6};
    Optimizer lbfgs = new Optimizer.Settings(Optimizer.Kind.LBFGS, 1, 0, 0.9, 0.999, 1e-8, 5, 1).create();
    lbfgs.step(x, partial);
    assertEquals(0.6, x[0], 0, "accepted a trial point where the objective is NaN");
  }

  @Test
  void scaleLearningRateScalesSgdSteps() {
    // Constant gradient c: v1 = −η c; after scaling by s, v2 = μ v1 − s η c.
    double eta = 0.1, mu = 0.9, s = 0.25;
    Linear f = new Linear(1, -2);
    Optimizer sgd = settings(Optimizer.Kind.SGD, eta, mu).create();
    double[] x = {0, 0};
    sgd.step(x, f);
    assertArrayEquals(new double[] {-0.1, 0.2}, x, 1e-15);
    sgd.scaleLearningRate(s);
    sgd.step(x, f);
    // v2 = 0.9 (−0.1, 0.2) − 0.025 (1, −2) = (−0.115, 0.23)
    assertArrayEquals(new double[] {-0.215, 0.43}, x, 1e-15);
  }

  @Test
  void scaleLearningRateScalesAdamSteps() {
    // Constant gradient g: the bias-corrected moments are exactly g and g², so every step is
    // −η g / (|g| + ε) ≈ −η sign(g); after scaling the rate by s it is −s η sign(g).
    double eta = 0.01, s = 0.1, eps = 1e-8;
    Linear f = new Linear(3, -0.5);
    Optimizer adam = settings(Optimizer.Kind.ADAM, eta, 0.9).create();
    double[] x = {0, 0};
    adam.step(x, f);
    double[] expected = {-eta * 3 / (3 + eps), eta * 0.5 / (0.5 + eps)};
    assertArrayEquals(expected, x, 1e-15);
    adam.scaleLearningRate(s);
    adam.step(x, f);
    expected[0] -= s * eta * 3 / (3 + eps);
    expected[1] += s * eta * 0.5 / (0.5 + eps);
    assertArrayEquals(expected, x, 1e-15);
  }

  @Test
  void scaleLearningRateDoesNotChangeLbfgs() {
    double[] x = {0, 0, 0}, y = {0, 0, 0};
    Optimizer plain = Optimizer.Settings.defaults(Optimizer.Kind.LBFGS).create();
    Optimizer scaled = Optimizer.Settings.defaults(Optimizer.Kind.LBFGS).create();
    scaled.scaleLearningRate(1e-3);
    Quadratic f = new Quadratic(), g = new Quadratic();
    for (int k = 0; k < 4; k++) {
      plain.step(x, f);
      scaled.step(y, g);
      assertArrayEquals(x, y, 0);
    }
    assertNotEquals(0, distance(x, new double[3]));
  }

  @Test
  void unknownOptimizerNamesTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.Kind.parse("adagrad"));
    assertTrue(e.getMessage().contains("'adagrad'") && e.getMessage().contains("[sgd, adam, lbfgs]"), e.getMessage());
    assertEquals(Optimizer.Kind.LBFGS, Optimizer.Kind.parse(" LBFGS "));
  }

  /**
   * An elementwise optimiser stepped on slices of the parameters, each from its slice of the state,
   * takes the whole vector's steps bit for bit, and the slices' states join into the whole one's.
   */
  @ParameterizedTest
  @EnumSource(value = Optimizer.Kind.class, names = {"ADAM", "SGD"})
  void slicesOfAnElementwiseOptimiserStepAsTheWhole(Optimizer.Kind kind) {
    assertTrue(kind.elementwise());
    Optimizer whole = settings(kind, 0.05, 0.9).create();
    double[] theta = {0.3, -1.2, 2.0};
    Quadratic f = new Quadratic();
    whole.step(theta, f); // a state with vectors to cut
    Optimizer.State s = whole.state();
    Optimizer head = settings(kind, 0.05, 0.9).create(), tail = settings(kind, 0.05, 0.9).create();
    head.restore(s.slice(0, 1), null);
    tail.restore(s.slice(1, 3), null);
    double[] h = {theta[0]}, t = {theta[1], theta[2]};
    double[] g = f.gradient(theta);
    whole.step(theta, f);
    head.step(h, (x, withGradient) -> new Objective.Evaluation(0, 0, 0, 1, new double[] {g[0]}));
    tail.step(t, (x, withGradient) -> new Objective.Evaluation(0, 0, 0, 1, new double[] {g[1], g[2]}));
    assertArrayEquals(theta, new double[] {h[0], t[0], t[1]}, 0.0);
    Optimizer.State joined = Optimizer.State.joined(java.util.List.of(head.state(), tail.state()));
    assertArrayEquals(whole.state().scalars(), joined.scalars(), 0.0);
    for (int i = 0; i < joined.vectors().length; i++) assertArrayEquals(whole.state().vectors()[i], joined.vectors()[i], 0.0);
    assertFalse(Optimizer.Kind.LBFGS.elementwise());
  }
}
