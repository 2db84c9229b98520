package org.layerbraid.train;

/** Gradient descent with heavy-ball momentum: v ← μ·v − η·∇J, θ ← θ + v. */
final class MomentumSgd implements Optimizer {
  private double learningRate;
  private final double momentum;
  private double[] velocity;

  MomentumSgd(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  @Override
  public Objective.Evaluation step(double[] theta, Objective objective) {
    Objective.Evaluation e = objective.evaluate(theta, true);
    if (velocity == null) velocity = new double[theta.length];
    double[] g = e.gradient();
    for (int i = 0; i < theta.length; i++) {
      velocity[i] = momentum * velocity[i] - learningRate * g[i];
      theta[i] += velocity[i];
    }
    return e;
  }

  @Override
  public void scaleLearningRate(double factor) { learningRate *= factor; }

  /** The learning rate and the velocity (none before the first step). */
  @Override
  public State state() {
    return new State(new double[] {learningRate}, velocity == null ? new double[0][] : new double[][] {velocity.clone()});
  }

  @Override
  public void restore(State s, Objective fixed) {
    learningRate = s.scalar(0);
    velocity = s.vectors().length == 0 ? null : s.vectors(1)[0].clone();
  }
}
