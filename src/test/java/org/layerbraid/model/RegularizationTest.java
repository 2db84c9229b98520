package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The regularisers over a range of hidden layers give those layers exactly the gradient the whole
 * sum gives them: what lets each task of a layer-parallel epoch regularise its own layers alone.
 */
class RegularizationTest {
  private static final NetworkShape SHAPE = new NetworkShape(3, 4, 6, 2, 1.0, Activation.TANH, BiasMode.CHANNEL);

  @Test
  void rangesGiveTheirLayersTheWholeSumsGradientBitForBit() {
    Regularization reg = new Regularization(1e-2, 3e-3, 5e-2, true);
    double[] theta = new Initialization(1, 1, 1, 5).draw(SHAPE);
    double[] whole = new double[theta.length];
    double value = reg.addValueAndGradient(SHAPE, theta, whole);
    // The cuts of three tasks, and a last task that owns the classifier alone.
    int[][] ranges = {{0, 2}, {2, 5}, {5, 6}, {6, 6}};
    for (int[] r : ranges) {
      boolean classifier = r[0] == SHAPE.depth();
      double[] part = new double[theta.length];
      reg.addValueAndGradient(SHAPE, theta, part, r[0], r[1], classifier);
      int from = SHAPE.layerWeights(r[0]), to = classifier ? SHAPE.size() : SHAPE.layerWeights(r[1]);
      assertArrayEquals(Arrays.copyOfRange(whole, from, to), Arrays.copyOfRange(part, from, to), 0.0,
          "layers " + r[0] + " … " + (r[1] - 1) + (classifier ? " and the classifier" : ""));
    }
    assertEquals(value, reg.addValueAndGradient(SHAPE, theta, null, 0, SHAPE.depth(), true), 0.0);
  }
}
