package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;

/** Back-propagation against central finite differences, per parameter group. */
class GradientCheckTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Activation a : Activation.values()) {
      for (BiasMode m : BiasMode.values()) {
        b.add(Arguments.of(a, m, Regularization.none()));
      }
      b.add(Arguments.of(a, BiasMode.SCALAR, new Regularization(1e-2, 0, 0, false)));
      b.add(Arguments.of(a, BiasMode.CHANNEL, new Regularization(0, 1e-3, 0, false)));
      b.add(Arguments.of(a, BiasMode.SCALAR, new Regularization(0, 0, 5e-2, false)));
      b.add(Arguments.of(a, BiasMode.CHANNEL, new Regularization(1e-2, 1e-3, 5e-2, true)));
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gradientMatchesCentralDifferences(Activation act, BiasMode bias, Regularization reg) {
    NetworkShape shape = new NetworkShape(3, 4, 5, 3, 1.5, act, bias);
    double[] theta = new Initialization(1.5, 2.0, 1.0, 42).draw(shape);
    // Non-zero biases so that their gradients are exercised away from the initial zeros.
    SplittableRandom r = new SplittableRandom(7);
    for (int n = 0; n < shape.depth(); n++) {
      for (int i = 0; i < shape.biasLength(); i++) theta[shape.layerBias(n) + i] = 0.3 * (r.nextDouble() - 0.5);
    }
    Examples batch = TestData.randomExamples(3, 3, 7, 11);
    ToDoubleFunction<double[]> objective = t -> {
      GradientSum g = BatchEvaluation.evaluate(new ResNet(shape, t), new SerialPropagation(), batch, false, 0);
      return g.meanLoss() + reg.addValueAndGradient(shape, t, null);
    };
    GradientSum gs = BatchEvaluation.evaluate(new ResNet(shape, theta), new SerialPropagation(), batch, true, 0);
    double[] grad = gs.grad.clone();
    for (int i = 0; i < grad.length; i++) grad[i] /= gs.count;
    reg.addValueAndGradient(shape, theta, grad);

    double[] fd = new double[theta.length];
    double eps = 1e-6;
    for (int i = 0; i < theta.length; i++) {
      double[] t = theta.clone();
      t[i] = theta[i] + eps;
      double up = objective.applyAsDouble(t);
      t[i] = theta[i] - eps;
      double down = objective.applyAsDouble(t);
      fd[i] = (up - down) / (2 * eps);
    }
    checkGroup("opening", grad, fd, shape.openWeights(), shape.hiddenOffset());
    for (int n = 0; n < shape.depth(); n++) {
      checkGroup("layer " + n, grad, fd, shape.layerWeights(n), shape.layerWeights(n) + shape.layerLength());
    }
    checkGroup("classifier", grad, fd, shape.classWeights(), shape.size());
  }

  private static void checkGroup(String name, double[] grad, double[] fd, int from, int to) {
    double diff = 0, norm = 0;
    for (int i = from; i < to; i++) {
      diff += (grad[i] - fd[i]) * (grad[i] - fd[i]);
      norm += fd[i] * fd[i];
    }
    double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    assertTrue(rel <= 1e-6, name + ": relative error " + rel + " (|fd| = " + Math.sqrt(norm) + ")");
    assertTrue(Math.sqrt(norm) > 1e-8, name + ": gradient is zero, the check would prove nothing");
  }
}
