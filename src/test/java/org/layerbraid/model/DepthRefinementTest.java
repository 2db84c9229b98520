package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;

class DepthRefinementTest {

  static final NetworkShape COARSE = new NetworkShape(3, 4, 3, 2, 1.0, Activation.TANH, BiasMode.SCALAR);

  /** Layer n filled with the value n + 1 in every entry, outer layers with distinct values. */
  static double[] layered(NetworkShape s) {
    double[] t = new double[s.size()];
    for (int i = 0; i < s.hiddenOffset(); i++) t[i] = -1 - i;
    for (int n = 0; n < s.depth(); n++) {
      for (int e = 0; e < s.layerLength(); e++) t[s.layerWeights(n) + e] = n + 1;
    }
    for (int i = s.classWeights(); i < s.size(); i++) t[i] = 100 + i;
    return t;
  }

  static double layerValue(NetworkShape s, double[] t, int n) {
    return t[s.layerWeights(n)];
  }

  @Test
  void constantCopiesFloorOfIndexOverFactor() {
    double[] fine = DepthRefinement.CONSTANT.refine(COARSE, layered(COARSE), 2);
    NetworkShape fs = DepthRefinement.CONSTANT.refinedShape(COARSE, 2);
    assertEquals(6, fs.depth());
    assertEquals(1.0, fs.finalTime());
    double[] expected = {1, 1, 2, 2, 3, 3};
    for (int i = 0; i < 6; i++) assertEquals(expected[i], layerValue(fs, fine, i), "layer " + i);
  }

  @Test
  void linearInterpolatesBetweenNeighboursAndHoldsTheLast() {
    double[] fine = DepthRefinement.LINEAR.refine(COARSE, layered(COARSE), 2);
    NetworkShape fs = DepthRefinement.LINEAR.refinedShape(COARSE, 2);
    double[] expected = {1, 1.5, 2, 2.5, 3, 3};
    for (int i = 0; i < 6; i++) assertEquals(expected[i], layerValue(fs, fine, i), 1e-15, "layer " + i);
  }

  @ParameterizedTest
  @EnumSource(DepthRefinement.class)
  void outerLayersAreCopied(DepthRefinement d) {
    double[] coarse = layered(COARSE);
    double[] fine = d.refine(COARSE, coarse, 4);
    NetworkShape fs = d.refinedShape(COARSE, 4);
    for (int i = 0; i < COARSE.hiddenOffset(); i++) assertEquals(coarse[i], fine[i]);
    for (int i = 0; i < COARSE.size() - COARSE.classWeights(); i++) {
      assertEquals(coarse[COARSE.classWeights() + i], fine[fs.classWeights() + i]);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
  void zeroRefinementLeavesTheFunctionUnchanged(Activation act) {
    NetworkShape coarse = new NetworkShape(3, 5, 4, 3, 1.0, act, BiasMode.CHANNEL);
    double[] theta = new Initialization(1, 2, 1, 3).draw(coarse);
    for (int n = 0; n < coarse.depth(); n++) theta[coarse.layerBias(n)] = 0.1 * (n - 1.5);
    Examples x = org.layerbraid.TestData.randomExamples(3, 3, 11, 4);
    double[] before = BatchEvaluation.probabilities(new ResNet(coarse, theta), new SerialPropagation(), x);
    NetworkShape fs = DepthRefinement.ZERO.refinedShape(coarse, 2);
    assertEquals(8, fs.depth());
    assertEquals(2.0, fs.finalTime());
    double[] after = BatchEvaluation.probabilities(new ResNet(fs, DepthRefinement.ZERO.refine(coarse, theta, 2)),
        new SerialPropagation(), x);
    assertArrayEquals(before, after, 1e-14);
  }

  /** Zero refinement's states are exact: the refined network's serial states and adjoints, layer by layer. */
  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
  void zeroRefinedStatesAreTheRefinedNetworksStates(Activation act) {
    NetworkShape coarse = new NetworkShape(3, 5, 4, 3, 1.0, act, BiasMode.CHANNEL);
    ResNet cn = new ResNet(coarse, new Initialization(1, 2, 1, 8).draw(coarse));
    NetworkShape fs = DepthRefinement.ZERO.refinedShape(coarse, 3);
    ResNet fn = new ResNet(fs, DepthRefinement.ZERO.refine(coarse, cn.parameters(), 3));
    double[] u0 = cn.open(org.layerbraid.TestData.randomExamples(3, 3, 7, 2).features(), 7);
    double[] lambdaN = org.layerbraid.TestData.randomExamples(5, 3, 7, 3).features();
    double[][] refined = DepthRefinement.ZERO.refineStates(serialStates(cn, u0), 3, false);
    double[][] exact = serialStates(fn, u0);
    assertEquals(exact.length, refined.length);
    for (int n = 0; n < exact.length; n++) assertArrayEquals(exact[n], refined[n], 1e-14, "state " + n);
    double[][] refinedAdjoints = DepthRefinement.ZERO.refineStates(adjointsFromTheEnd(cn, serialStates(cn, u0), lambdaN), 3, true);
    double[][] exactAdjoints = adjointsFromTheEnd(fn, exact, lambdaN);
    for (int k = 0; k < exactAdjoints.length; k++) assertArrayEquals(exactAdjoints[k], refinedAdjoints[k], 1e-14, "adjoint " + k);
  }

  @Test
  void linearRefinedStatesKeepTheCoarsePointsAndInterpolateBetween() {
    double[][] coarse = {{0, 10}, {3, 10}, {6, 4}};
    double[][] fine = DepthRefinement.LINEAR.refineStates(coarse, 3, false);
    double[][] expected = {{0, 10}, {1, 10}, {2, 10}, {3, 10}, {4, 8}, {5, 6}, {6, 4}};
    assertEquals(expected.length, fine.length);
    for (int k = 0; k < expected.length; k++) assertArrayEquals(expected[k], fine[k], 1e-14, "point " + k);
    double[][] backwards = DepthRefinement.CONSTANT.refineStates(coarse, 3, true);
    for (int k = 0; k < expected.length; k++) assertArrayEquals(expected[k], backwards[k], 1e-14, "point " + k);
  }

  private static double[][] serialStates(ResNet net, double[] u0) {
    return new SerialPropagation().forward(net, u0, 0);
  }

  /** λ_N, λ_{N-1}, …, λ_0 of the serial adjoint sweep. */
  private static double[][] adjointsFromTheEnd(ResNet net, double[][] states, double[] lambdaN) {
    int depth = net.shape().depth();
    double[][] out = new double[depth + 1][];
    out[0] = lambdaN;
    for (int n = depth - 1; n >= 0; n--) out[depth - n] = net.stepAdjoint(net.layer(n), net.shape().stepSize(), states[n], out[depth - n - 1]);
    return out;
  }

  @Test
  void resampleAtTheSameDepthIsTheIdentityAndZeroCannotResample() {
    double[] t = layered(COARSE);
    assertArrayEquals(t, DepthRefinement.LINEAR.resample(COARSE, t, 3));
    assertThrows(IllegalArgumentException.class, () -> DepthRefinement.ZERO.resample(COARSE, t, 6));
    assertThrows(IllegalArgumentException.class, () -> DepthRefinement.parse("cubic"));
  }
}
