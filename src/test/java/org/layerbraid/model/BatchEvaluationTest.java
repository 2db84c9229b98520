package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;

/** Evaluating in chunks of examples, with or without the gradient, gives what one pass over the whole batch gives. */
class BatchEvaluationTest {
  private static final NetworkShape SHAPE = new NetworkShape(Peaks.DIM, 6, 8, Peaks.CLASSES, 1.0, Activation.TANH,
      BiasMode.SCALAR);
  private static final Examples BATCH = Peaks.sample(10, 3); // 50 examples, cut into chunks of 7: the last has 1
  private static final ResNet NET = new ResNet(SHAPE, new Initialization(1, 1, 1, 9).draw(SHAPE));

  @Test
  void lossInChunksEqualsOnePass() {
    GradientSum whole = BatchEvaluation.evaluate(NET, new SerialPropagation(), BATCH, false, 0);
    GradientSum chunked = BatchEvaluation.inChunks(NET, new SerialPropagation(), BATCH, false, 0, 7);
    assertEquals(50, chunked.count);
    assertEquals(whole.correct, chunked.correct);
    assertEquals(whole.lossSum, chunked.lossSum, 1e-12 * Math.abs(whole.lossSum));
    assertNull(chunked.grad);
  }

  @Test
  void gradientInChunksEqualsOnePass() {
    GradientSum whole = BatchEvaluation.evaluate(NET, new SerialPropagation(), BATCH, true, 0);
    GradientSum chunked = BatchEvaluation.inChunks(NET, new SerialPropagation(), BATCH, true, 0, 7);
    assertEquals(50, chunked.count);
    assertEquals(whole.lossSum, chunked.lossSum, 1e-12 * Math.abs(whole.lossSum));
    double diff = 0, norm = 0;
    for (int i = 0; i < whole.grad.length; i++) {
      diff = Math.max(diff, Math.abs(whole.grad[i] - chunked.grad[i]));
      norm = Math.max(norm, Math.abs(whole.grad[i]));
    }
    assertTrue(diff <= 1e-12 * norm, "largest difference " + diff + " against largest entry " + norm);
  }

  @Test
  void probabilitiesInChunksEqualOnePass() {
    double[] whole = BatchEvaluation.probabilities(NET, new SerialPropagation(), BATCH);
    double[] chunked = BatchEvaluation.probabilitiesInChunks(NET, new SerialPropagation(), BATCH, 7);
    assertArrayEquals(whole, chunked, 1e-15);
  }

  /** 64 MB of states: at depth 128 and width 64 about a thousand examples, never fewer than 64. */
  @Test
  void chunksHoldAboutSixtyFourMegabytesOfStates() {
    NetworkShape deep = new NetworkShape(784, 64, 128, 10, 1.0, Activation.RELU, BiasMode.CHANNEL);
    assertEquals((64 << 20) / (129 * 64 * 8), BatchEvaluation.chunkSize(deep));
    assertEquals(64, BatchEvaluation.chunkSize(new NetworkShape(2, 256, 1024, 5, 1.0, Activation.RELU, BiasMode.SCALAR)));
  }
}
