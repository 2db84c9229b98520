package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three-product residual kernel (forward step keeping σ', adjoint step and weight gradient from
 * it, in column blocks) against the four-product formulation it replaced, written out here: the
 * forward step, then a = K u + b recomputed for the adjoint, λ = λ_next + h·Kᵀ(σ'(a) ⊙ λ_next),
 * ∂K += h·(σ'(a) ⊙ λ_next)·uᵀ, ∂b += h·Σ(σ'(a) ⊙ λ_next). Equal to round-off on random inputs,
 * with batches below, at and across the column block.
 */
class ResidualKernelTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Activation a : Activation.values()) {
      for (BiasMode m : BiasMode.values()) {
        for (int[] wb : new int[][] {{3, 7}, {8, ResNet.BLOCK_COLUMNS}, {16, 2 * ResNet.BLOCK_COLUMNS + 37}}) {
          b.add(Arguments.of(a, m, wb[0], wb[1]));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void threeProductKernelEqualsFourProductFormulation(Activation act, BiasMode bias, int w, int batch) {
    NetworkShape shape = new NetworkShape(2, w, 3, 2, 0.7, act, bias);
    SplittableRandom r = new SplittableRandom(31L * w + batch);
    double[] theta = random(r, shape.size());
    ResNet net = new ResNet(shape, theta);
    double h = 0.35;
    int layer = 1;
    double[] u = random(r, w * batch), lambdaNext = random(r, w * batch);

    double[] slope = new double[u.length];
    double[] grad = random(r, shape.size());
    double[] expectedGrad = grad.clone();
    double[] next = net.step(layer, h, u, slope);
    double[] lambda = net.stepAdjoint(layer, h, u, slope, lambdaNext, grad);

    double[] a = preActivation(shape, theta, layer, u, batch);
    double[] expectedNext = new double[u.length], s = new double[u.length];
    for (int i = 0; i < a.length; i++) {
      expectedNext[i] = u[i] + h * act.apply(a[i]);
      s[i] = act.derivative(a[i]) * lambdaNext[i];
    }
    double[] expectedLambda = lambdaNext.clone();
    Mat.gemm(true, false, w, batch, w, h, theta, shape.layerWeights(layer), s, 0, 1.0, expectedLambda, 0);
    Mat.gemm(false, true, w, w, batch, h, s, 0, u, 0, 1.0, expectedGrad, shape.layerWeights(layer));
    Mat.addRowSums(s, w, batch, h, expectedGrad, shape.layerBias(layer), bias == BiasMode.SCALAR);

    assertClose("u_{n+1}", expectedNext, next);
    assertClose("λ_n", expectedLambda, lambda);
    assertClose("gradient", expectedGrad, grad);

    double[] recomputed = net.stepAdjoint(net.layer(layer), h, u, lambdaNext);
    assertClose("λ_n with the slope recomputed", expectedLambda, recomputed);
    double[] sweep = random(new SplittableRandom(5), shape.size());
    net.layerGradient(layer, h, u, lambdaNext, sweep);
    assertClose("layer gradient alone", addGradient(shape, theta, layer, h, u, s, new SplittableRandom(5)), sweep);
  }

  /**
   * The variants into caller-owned arrays, stale contents and all, with λ stepped in place as the
   * serial sweep does: the same operations in the same order, so the same bits.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void stepsIntoCallerArraysEqualTheAllocatingSteps(Activation act, BiasMode bias, int w, int batch) {
    NetworkShape shape = new NetworkShape(2, w, 3, 2, 0.7, act, bias);
    SplittableRandom r = new SplittableRandom(17L * w + batch);
    ResNet net = new ResNet(shape, random(r, shape.size()));
    double h = 0.35;
    int layer = 2;
    double[] u = random(r, w * batch), lambdaNext = random(r, w * batch);
    double[] slope = new double[u.length], grad = random(r, shape.size()), intoGrad = grad.clone();
    double[] next = net.step(layer, h, u, slope);
    double[] lambda = net.stepAdjoint(layer, h, u, slope, lambdaNext, grad);

    double[] intoNext = random(r, u.length), intoSlope = random(r, u.length), carried = lambdaNext.clone();
    net.stepInto(layer, h, u, intoNext, intoSlope);
    net.stepAdjointInto(layer, h, u, intoSlope, carried, carried, intoGrad);
    assertArrayEquals(next, intoNext, "u_{n+1}");
    assertArrayEquals(slope, intoSlope, "σ'");
    assertArrayEquals(lambda, carried, "λ_n in place");
    assertArrayEquals(grad, intoGrad, "gradient");
  }

  /** A fresh random start (seeded like the sweep's) plus layer n's gradient from S, the old way. */
  private static double[] addGradient(NetworkShape shape, double[] theta, int layer, double h, double[] u, double[] s,
      SplittableRandom r) {
    int w = shape.width(), batch = u.length / w;
    double[] g = random(r, shape.size());
    Mat.gemm(false, true, w, w, batch, h, s, 0, u, 0, 1.0, g, shape.layerWeights(layer));
    Mat.addRowSums(s, w, batch, h, g, shape.layerBias(layer), shape.biasMode() == BiasMode.SCALAR);
    return g;
  }

  private static double[] preActivation(NetworkShape shape, double[] theta, int layer, double[] u, int batch) {
    int w = shape.width();
    double[] a = new double[w * batch];
    Mat.gemm(false, false, w, batch, w, 1.0, theta, shape.layerWeights(layer), u, 0, 0.0, a, 0);
    Mat.addBias(a, w, batch, theta, shape.layerBias(layer), shape.biasMode() == BiasMode.SCALAR);
    return a;
  }

  /** max |x − y| ≤ 1e-13 · max(1, max |x|): the products summed in another order, nothing more. */
  private static void assertClose(String what, double[] expected, double[] actual) {
    double diff = 0, scale = 1;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    assertTrue(diff <= 1e-13 * scale, what + ": max difference " + diff + " at scale " + scale);
  }

  private static double[] random(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
    return x;
  }
}
