package org.layerbraid.model;

import java.util.SplittableRandom;

/**
 * Seeded random initial parameters with one scale per layer group. Weights are drawn
 * scale·N(0,1)/√fan-in so that one scale suits inputs of any dimension; biases start at zero.
 */
public record Initialization(double openScale, double hiddenScale, double classScale, long seed) {

  public Initialization {
    if (!(openScale >= 0) || !(hiddenScale >= 0) || !(classScale >= 0)) {
      throw new IllegalArgumentException("initialisation scales must be >= 0, got open=" + openScale
          + " hidden=" + hiddenScale + " class=" + classScale);
    }
  }

  public double[] draw(NetworkShape shape) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] theta = new double[shape.size()];
    int w = shape.width();
    fill(theta, shape.openWeights(), w * shape.inputDim(), openScale / Math.sqrt(shape.inputDim()), rng);
    for (int n = 0; n < shape.depth(); n++) {
      fill(theta, shape.layerWeights(n), w * w, hiddenScale / Math.sqrt(w), rng);
    }
    fill(theta, shape.classWeights(), shape.numClasses() * w, classScale / Math.sqrt(w), rng);
    return theta;
  }

  private static void fill(double[] theta, int off, int len, double std, SplittableRandom rng) {
    for (int i = 0; i < len; i++) theta[off + i] = std * gaussian(rng);
  }

  /** Box–Muller: SplittableRandom has no nextGaussian on Java 17. */
  private static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble(), u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
