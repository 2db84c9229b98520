package org.layerbraid.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.TestData;
import org.layerbraid.data.Examples;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.DivergenceException;
import org.layerbraid.model.WarmStarts;

/** A converged MGRIT solve is the serial solve: states and gradients, per activation, cfactor, relaxation and coarse weights. */
class MgritPropagationTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Activation a : Activation.values()) {
      for (int c : new int[] {2, 4}) {
        for (int nrelax : new int[] {0, 1}) {
          for (CoarseWeights w : CoarseWeights.values()) b.add(Arguments.of(a, c, nrelax, w));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}, cfactor {1}, nrelax {2}, coarse weights {3}")
  @MethodSource("cases")
  void convergedMgritEqualsSerial(Activation act, int cfactor, int nrelax, CoarseWeights coarse) {
    NetworkShape shape = new NetworkShape(3, 6, 64, 4, 2.0, act, BiasMode.CHANNEL);
    double[] theta = new Initialization(1.0, 2.0, 1.0, 5).draw(shape);
    ResNet net = new ResNet(shape, theta);
    Examples batch = TestData.randomExamples(3, 4, 20, 9);
    MgritOptions o = new MgritOptions(10, new int[] {cfactor}, new int[] {nrelax}, 2, 1e-13, 0, 200, true, false);
    MgritPropagation mgrit = MgritPropagation.converged(o, coarse, InJvmEngine.factory(3));

    double[] u0 = net.open(batch.features(), batch.size());
    double[][] serial = new SerialPropagation().forward(net, u0, 0);
    double[][] parallel = mgrit.forward(net, u0, 0);
    for (int n = 0; n <= shape.depth(); n++) assertTrue(TestData.relDiff(serial[n], parallel[n]) <= 1e-10, "state " + n);

    GradientSum gs = BatchEvaluation.evaluate(net, new SerialPropagation(), batch, true, 0);
    GradientSum gm = BatchEvaluation.evaluate(net, mgrit, batch, true, 0);
    assertEquals(gs.lossSum, gm.lossSum, 1e-12 * Math.abs(gs.lossSum));
    assertTrue(TestData.relDiff(gs.grad, gm.grad) <= 1e-8, "gradient relative difference " + TestData.relDiff(gs.grad, gm.grad));
    assertTrue(mgrit.drainCounts().meanForwardIterations() > 1, "MGRIT should have iterated, not stepped serially");
  }

  /**
   * A one-shot solve of the refined network that starts from the coarse network's last states,
   * refined with zero interpolation, starts from the exact solution: one cycle leaves it exact,
   * where a cold start is still far off. The same holds for the adjoints and the gradient.
   */
  @org.junit.jupiter.api.Test
  void warmStartsHandedOnAcrossAZeroRefinementStartTheDeeperSolveAtTheSolution() {
    NetworkShape coarse = new NetworkShape(3, 4, 16, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    ResNet cn = new ResNet(coarse, new Initialization(1, 2, 1, 4).draw(coarse));
    NetworkShape fine = DepthRefinement.ZERO.refinedShape(coarse, 2);
    ResNet fn = new ResNet(fine, DepthRefinement.ZERO.refine(coarse, cn.parameters(), 2));
    Examples batch = TestData.randomExamples(3, 3, 10, 6);
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 0, 0, 50, true, false);
    MgritPropagation settled = MgritPropagation.oneShot(o, 40, 40, true, CoarseWeights.MEAN, InJvmEngine.factory(2));
    BatchEvaluation.evaluate(cn, settled, batch, true, 0); // 40 cycles: converged to round-off
    WarmStarts carried = settled.warmStarts().refined(DepthRefinement.ZERO, 2);

    GradientSum exact = BatchEvaluation.evaluate(fn, new SerialPropagation(), batch, true, 0);
    MgritPropagation warm = MgritPropagation.oneShot(o, 1, 1, true, CoarseWeights.MEAN, InJvmEngine.factory(2));
    warm.startFrom(carried);
    MgritPropagation cold = MgritPropagation.oneShot(o, 1, 1, true, CoarseWeights.MEAN, InJvmEngine.factory(2));
    GradientSum fromWarm = BatchEvaluation.evaluate(fn, warm, batch, true, 0);
    GradientSum fromCold = BatchEvaluation.evaluate(fn, cold, batch, true, 0);
    assertTrue(TestData.relDiff(exact.grad, fromWarm.grad) <= 1e-10, "warm: " + TestData.relDiff(exact.grad, fromWarm.grad));
    assertTrue(TestData.relDiff(exact.grad, fromCold.grad) > 1e-4, "cold: " + TestData.relDiff(exact.grad, fromCold.grad));
    assertEquals(exact.lossSum, fromWarm.lossSum, 1e-12 * exact.lossSum);
  }

  @org.junit.jupiter.api.Test
  void withoutWarmStartsThereIsNothingToHandOn() {
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 1e-9, 0, 50, true, false);
    MgritPropagation converged = MgritPropagation.converged(o, CoarseWeights.MEAN, InJvmEngine.factory(1));
    NetworkShape shape = new NetworkShape(3, 4, 8, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    ResNet net = new ResNet(shape, new Initialization(1, 1, 1, 2).draw(shape));
    BatchEvaluation.evaluate(net, converged, TestData.randomExamples(3, 3, 5, 1), true, 0);
    assertTrue(converged.warmStarts().isEmpty());
    assertFalse(converged.keepsShardState(), "a batch may be solved in parts");
  }

  /** A warm start belongs to a shard's whole batch: solving it in parts would start each part from another's states. */
  @org.junit.jupiter.api.Test
  void warmStartsKeepABatchWhole() {
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 0, 0, 50, true, false);
    assertTrue(MgritPropagation.oneShot(o, 2, 1, true, CoarseWeights.MEAN, InJvmEngine.factory(1))
        .keepsShardState());
    assertFalse(MgritPropagation.oneShot(o, 2, 1, false, CoarseWeights.MEAN, InJvmEngine.factory(1))
        .keepsShardState());
  }

  @Test
  void aOneShotResidualBlowUpStopsTrainingButNotAStudy() {
    NetworkShape shape = new NetworkShape(3, 4, 16, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    double[] theta = new Initialization(1, 2, 1, 4).draw(shape);
    theta[shape.layerWeights(5)] = Double.NaN;
    ResNet net = new ResNet(shape, theta);
    double[] u0 = net.open(TestData.randomExamples(3, 3, 5, 2).features(), 5);
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 0, 0, 50, false, false);
    MgritPropagation oneShot = MgritPropagation.oneShot(o, 2, 2, false, CoarseWeights.MEAN, InJvmEngine.factory(1));
    oneShot.forward(net, u0, 0); // a study reports such a solve
    DivergenceException e = org.junit.jupiter.api.Assertions.assertThrows(DivergenceException.class,
        () -> oneShot.stoppingOnFailure().forward(net, u0, 0));
    assertTrue(e.getMessage().startsWith("MGRIT forward solve through 16 layers blew up: residual NaN at cycle 1"),
        e.getMessage());
  }
}
