package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
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

/** A converged MGRIT solve is the serial solve: states and gradients, per activation, cfactor and relaxation. */
class MgritPropagationTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Activation a : Activation.values()) {
      for (int c : new int[] {2, 4}) {
        for (int nrelax : new int[] {0, 1}) b.add(Arguments.of(a, c, nrelax));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}, cfactor {1}, nrelax {2}")
  @MethodSource("cases")
  void convergedMgritEqualsSerial(Activation act, int cfactor, int nrelax) {
    NetworkShape shape = new NetworkShape(3, 6, 64, 4, 2.0, act, BiasMode.CHANNEL);
    double[] theta = new Initialization(1.0, 2.0, 1.0, 5).draw(shape);
    ResNet net = new ResNet(shape, theta);
    Examples batch = TestData.randomExamples(3, 4, 20, 9);
    MgritOptions o = new MgritOptions(10, new int[] {cfactor}, new int[] {nrelax}, 2, 1e-13, 0, 200, true, false);
    MgritPropagation mgrit = MgritPropagation.converged(o, MgritPropagation.EngineFactory.inJvm(3));

    double[] u0 = net.open(batch.features(), batch.size());
    double[][] serial = new SerialPropagation().forward(net, u0, 0);
    double[][] parallel = mgrit.forward(net, u0, 0);
    for (int n = 0; n <= shape.depth(); n++) assertTrue(relDiff(serial[n], parallel[n]) <= 1e-10, "state " + n);

    GradientSum gs = BatchEvaluation.evaluate(net, new SerialPropagation(), batch, true, 0);
    GradientSum gm = BatchEvaluation.evaluate(net, mgrit, batch, true, 0);
    assertEquals(gs.lossSum, gm.lossSum, 1e-12 * Math.abs(gs.lossSum));
    assertTrue(relDiff(gs.grad, gm.grad) <= 1e-8, "gradient relative difference " + relDiff(gs.grad, gm.grad));
    assertTrue(mgrit.drainCounts().meanForwardIterations() > 1, "MGRIT should have iterated, not stepped serially");
  }

  static double relDiff(double[] a, double[] b) {
    double d = 0, n = 0;
    for (int i = 0; i < a.length; i++) {
      d += (a[i] - b[i]) * (a[i] - b[i]);
      n += a[i] * a[i];
    }
    return Math.sqrt(d) / Math.max(Math.sqrt(n), 1e-300);
  }
}
