package org.layerbraid.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;

/** The weights of MGRIT's coarse steps: the layers they are made of, and what the mean buys after a zero refinement. */
class CoarseWeightsTest {

  @Test
  void aCoarseStepTakesTheFirstLayerOrTheMeanOfTheLayersItSpans() {
    NetworkShape shape = new NetworkShape(2, 2, 3, 2, 1.0, Activation.TANH, BiasMode.CHANNEL);
    double[] theta = new double[shape.size()];
    for (int n = 0; n < 3; n++) {
      // K_n = [[n+1, 0], [0, 2(n+1)]] column-major, b_n = (10n, -10n)
      theta[shape.layerWeights(n)] = n + 1;
      theta[shape.layerWeights(n) + 3] = 2 * (n + 1);
      theta[shape.layerBias(n)] = 10 * n;
      theta[shape.layerBias(n) + 1] = -10 * n;
    }
    ResNet net = new ResNet(shape, theta);

    ResNet.Layer mean = CoarseWeights.MEAN.spanning(net, 1, 2);
    // layers 1 and 2: K̄ = [[2.5, 0], [0, 5]], b̄ = (15, -15)
    assertArrayEquals(new double[] {2.5, 0, 0, 5}, Arrays.copyOfRange(mean.params(), mean.weights(), mean.weights() + 4));
    assertArrayEquals(new double[] {15, -15}, Arrays.copyOfRange(mean.params(), mean.bias(), mean.bias() + 2));

    ResNet.Layer first = CoarseWeights.FIRST.spanning(net, 1, 2);
    assertSame(theta, first.params());
    assertEquals(shape.layerWeights(1), first.weights());
    assertEquals(shape.layerBias(1), first.bias());
    assertSame(theta, CoarseWeights.MEAN.spanning(net, 2, 1).params(), "one layer is read in place");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.meanOfLayers(2, 2));
    assertTrue(e.getMessage().contains("layers 2 … 3 are not among the 3 layers"), e.getMessage());
  }

  /**
   * After a zero refinement of a relu network every other layer is zero, and the mean of a trained
   * layer and its zero neighbour stepped over 2h is exactly the fine pair (2h·σ((Ku + b)/2) =
   * h·σ(Ku + b)): two-level MGRIT then has an exact coarse grid and one cycle gives the serial
   * states, adjoints and gradient. Sampling the first layer doubles the trained layers' effect.
   */
  @Test
  void afterAZeroRefinementTheMeanMakesTheCoarseGridExact() {
    NetworkShape coarse = new NetworkShape(3, 5, 8, 3, 1.0, Activation.RELU, BiasMode.CHANNEL);
    double[] trained = new Initialization(1, 2, 1, 7).draw(coarse);
    NetworkShape fine = DepthRefinement.ZERO.refinedShape(coarse, 2);
    ResNet net = new ResNet(fine, DepthRefinement.ZERO.refine(coarse, trained, 2));
    Examples batch = TestData.randomExamples(3, 3, 12, 4);
    MgritOptions twoLevels = new MgritOptions(2, new int[] {2}, new int[] {0}, 2, 0, 0, 1, false, false);

    GradientSum serial = BatchEvaluation.evaluate(net, new SerialPropagation(), batch, true, 0);
    GradientSum mean = oneCycle(net, batch, twoLevels, CoarseWeights.MEAN);
    GradientSum first = oneCycle(net, batch, twoLevels, CoarseWeights.FIRST);

    assertEquals(serial.lossSum, mean.lossSum, 1e-12 * serial.lossSum);
    assertTrue(TestData.relDiff(serial.grad, mean.grad) <= 1e-12, "mean: " + TestData.relDiff(serial.grad, mean.grad));
    assertTrue(TestData.relDiff(serial.grad, first.grad) > 1e-2, "first: " + TestData.relDiff(serial.grad, first.grad));
  }

  private static GradientSum oneCycle(ResNet net, Examples batch, MgritOptions o, CoarseWeights coarse) {
    MgritPropagation mgrit = MgritPropagation.oneShot(o, 1, 1, false, coarse, InJvmEngine.factory(1));
    return BatchEvaluation.evaluate(net, mgrit, batch, true, 0);
  }
}
