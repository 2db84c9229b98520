package org.layerbraid.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS with a backtracking Armijo line search (first step 1, factor 1/2), as the
 * method authors train. On a fixed (full-batch) objective the value at the accepted point is
 * reused by the next step, so a step costs one gradient plus the rejected trial points.
 */
final class Lbfgs implements Optimizer {
  private static final double ARMIJO = 1e-4;

  private final int memory;
  private final int maxLineSearchSteps;
  private final Deque<double[][]> pairs = new ArrayDeque<>(); // {s, y, {1/(yᵀs)}}, newest first
  private Objective lastObjective;
  private Objective.Evaluation lastEvaluation;

  Lbfgs(int memory, int maxLineSearchSteps) {
    this.memory = memory;
    this.maxLineSearchSteps = maxLineSearchSteps;
  }

  @Override
  public Objective.Evaluation step(double[] theta, Objective objective) {
    Objective.Evaluation e = objective == lastObjective && lastEvaluation != null
        ? lastEvaluation : objective.evaluate(theta, true);
    double[] g = e.gradient();
    double[] d = direction(g);
    double slope = dot(g, d);
    if (!(slope < 0)) { // curvature pairs gone stale (e.g. inexact gradients): restart from steepest descent
      pairs.clear();
      d = negate(g);
      slope = dot(g, d);
    }
    double[] start = theta.clone();
    double alpha = 1.0;
    Objective.Evaluation trial = null;
    for (int k = 0; k < maxLineSearchSteps; k++) {
      for (int i = 0; i < theta.length; i++) theta[i] = start[i] + alpha * d[i];
      trial = objective.evaluate(theta, true);
      if (trial.value() <= e.value() + ARMIJO * alpha * slope) break;
      alpha *= 0.5;
    }
    if (!(trial.value() <= e.value())) { // no decrease found (or NaN): stay put and forget the curvature model
      System.arraycopy(start, 0, theta, 0, theta.length);
      pairs.clear();
      // and the reused value too: if the objective changed under the same object (solves tightened
      // after a stall), a stale value that no trial can beat would hold theta here for good.
      lastObjective = null;
      lastEvaluation = null;
      return e;
    }
    double[] s = new double[theta.length], y = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      s[i] = theta[i] - start[i];
      y[i] = trial.gradient()[i] - g[i];
    }
    double ys = dot(y, s);
    if (ys > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      pairs.addFirst(new double[][] {s, y, {1.0 / ys}});
      if (pairs.size() > memory) pairs.removeLast();
    } else { // negative curvature along s: the stored pairs no longer describe the objective here
      pairs.clear();
    }
    lastObjective = objective;
    lastEvaluation = trial;
    return e;
  }

  /** Two-loop recursion: d = −H·g with H the L-BFGS inverse-Hessian approximation. */
  private double[] direction(double[] g) {
    double[] q = g.clone();
    double[] alphas = new double[pairs.size()];
    int k = 0;
    for (double[][] p : pairs) {
      alphas[k] = p[2][0] * dot(p[0], q);
      axpy(-alphas[k], p[1], q);
      k++;
    }
    if (!pairs.isEmpty()) {
      double[][] newest = pairs.peekFirst();
      double gamma = 1.0 / (newest[2][0] * dot(newest[1], newest[1])); // sᵀy / yᵀy
      for (int i = 0; i < q.length; i++) q[i] *= gamma;
    }
    Iterator<double[][]> it = pairs.descendingIterator();
    k = pairs.size() - 1;
    while (it.hasNext()) {
      double[][] p = it.next();
      double beta = p[2][0] * dot(p[1], q);
      axpy(alphas[k] - beta, p[0], q);
      k--;
    }
    return negate(q);
  }

  @Override
  public void scaleLearningRate(double factor) {}

  /**
   * The curvature pairs, newest first, and the evaluation at the accepted point when the next step
   * may reuse it. Scalars: k, the k values 1/(yᵀs), then 1 and the evaluation's value, loss, accuracy
   * and count, or 0; vectors: s and y of each pair, then the evaluation's gradient.
   */
  @Override
  public State state() {
    boolean last = lastObjective != null;
    double[] scalars = new double[1 + pairs.size() + (last ? 5 : 1)];
    double[][] vectors = new double[2 * pairs.size() + (last ? 1 : 0)][];
    scalars[0] = pairs.size();
    int k = 0;
    for (double[][] p : pairs) {
      scalars[1 + k] = p[2][0];
      vectors[2 * k] = p[0].clone();
      vectors[2 * k + 1] = p[1].clone();
      k++;
    }
    int at = 1 + k;
    scalars[at] = last ? 1 : 0;
    if (last) {
      scalars[at + 1] = lastEvaluation.value();
      scalars[at + 2] = lastEvaluation.meanLoss();
      scalars[at + 3] = lastEvaluation.accuracy();
      scalars[at + 4] = lastEvaluation.count();
      vectors[2 * k] = lastEvaluation.gradient().clone();
    }
    return new State(scalars, vectors);
  }

  @Override
  public void restore(State s, Objective fixed) {
    int k = s.count(0, memory);
    boolean last = s.count(1 + k, 1) == 1;
    double[][] vectors = s.vectors(2 * k + (last ? 1 : 0));
    pairs.clear();
    for (int i = 0; i < k; i++) pairs.addLast(new double[][] {vectors[2 * i].clone(), vectors[2 * i + 1].clone(), {s.scalar(1 + i)}});
    // The value at the accepted point is reused only for the objective every step shares.
    lastObjective = last ? fixed : null;
    lastEvaluation = last && fixed != null ? new Objective.Evaluation(s.scalar(k + 2), s.scalar(k + 3), s.scalar(k + 4),
        (long) s.scalar(k + 5), vectors[2 * k].clone()) : null;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** y += a · x */
  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  private static double[] negate(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = -v[i];
    return out;
  }
}
