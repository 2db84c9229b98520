package org.layerbraid.train;

/** Adam (Kingma &amp; Ba) with bias-corrected first and second moments. */
final class Adam implements Optimizer {
  private double learningRate;
  private final double beta1, beta2, epsilon;
  private double[] m, v;
  private int t;

  Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public Objective.Evaluation step(double[] theta, Objective objective) {
    Objective.Evaluation e = objective.evaluate(theta, true);
    if (m == null) {
      m = new double[theta.length];
      v = new double[theta.length];
    }
    t++;
    double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
    double[] g = e.gradient();
    for (int i = 0; i < theta.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      theta[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
    }
    return e;
  }

  @Override
  public void scaleLearningRate(double factor) { learningRate *= factor; }

  /** The learning rate, the step count and the two moments (none before the first step). */
  @Override
  public State state() {
    return new State(new double[] {learningRate, t}, m == null ? new double[0][] : new double[][] {m.clone(), v.clone()});
  }

  @Override
  public void restore(State s, Objective fixed) {
    learningRate = s.scalar(0);
    t = s.count(1, Integer.MAX_VALUE);
    double[][] moments = s.vectors(t == 0 ? 0 : 2);
    m = t == 0 ? null : moments[0].clone();
    v = t == 0 ? null : moments[1].clone();
  }
}
