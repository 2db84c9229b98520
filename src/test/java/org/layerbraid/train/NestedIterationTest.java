package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/** The nested-iteration schedule on small Peaks sets in this JVM (no Spark). */
class NestedIterationTest {
  private static final Examples TRAIN = Peaks.sample(40, 5);
  private static final Examples VALIDATION = Peaks.sample(10, 6);
  private static final List<Examples> BLOCKS = Blocks.split(TRAIN, 2);
  private static final Progress QUIET = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
  private static final Regularization REG = new Regularization(1e-4, 1e-3, 1e-4, true);

  private static NetworkShape finalShape(int depth, Activation a) {
    return new NetworkShape(Peaks.DIM, 6, depth, Peaks.CLASSES, 1.0, a, BiasMode.SCALAR);
  }

  private static TrainingSettings adam(int epochs, double lr, boolean keepBest) {
    Optimizer.Settings d = Optimizer.Settings.defaults(Optimizer.Kind.ADAM);
    Optimizer.Settings o = new Optimizer.Settings(Optimizer.Kind.ADAM, lr, d.momentum(), d.beta1(), d.beta2(),
        d.epsilon(), d.lbfgsMemory(), d.lineSearchMaxSteps());
    return new TrainingSettings(epochs, 0, o, REG, 1.0, keepBest, 2, 1, 1, TrainingSettings.Gradients.DRIVER);
  }

  private static NestedResult run(NetworkShape fin, NestedSettings nested, TrainingSettings base, PropagationSpec p) {
    double[] theta0 = new Initialization(1, 1, 1, 11).draw(nested.shapeAt(fin, 0));
    return new NestedIteration(new LocalBatchSource(BLOCKS), VALIDATION, p, PropagationFactory.inJvm(),
        QUIET).run(fin, theta0, base, nested);
  }

  private static double exactLoss(NetworkShape shape, double[] theta) {
    GradientSum s = new GradientSum(shape.size(), false);
    ResNet net = new ResNet(shape, theta);
    for (int b = 0; b < BLOCKS.size(); b++) s.add(BatchEvaluation.evaluate(net, new SerialPropagation(), BLOCKS.get(b), false, b));
    return s.meanLoss();
  }

  @ParameterizedTest
  @EnumSource(DepthRefinement.class)
  void depthsAndFinalTimesPerLevel(DepthRefinement d) {
    NestedSettings nested = NestedSettings.of(4, 2, d);
    NetworkShape fin = finalShape(32, Activation.TANH);
    assertEquals(4, nested.coarsestDepth(32));
    int[] depths = {4, 8, 16, 32};
    for (int k = 0; k < 4; k++) {
      NetworkShape s = nested.shapeAt(fin, k);
      assertEquals(depths[k], s.depth(), "depth of level " + k);
      if (d == DepthRefinement.ZERO) {
        assertEquals(1.0 / (1 << (3 - k)), s.finalTime(), 1e-15, "T of level " + k);
        assertEquals(fin.stepSize(), s.stepSize(), 1e-15, "zero interpolation keeps h");
      } else {
        assertEquals(1.0, s.finalTime(), "T kept at level " + k);
        assertEquals(1.0 / depths[k], s.stepSize(), 1e-15);
      }
    }
    // The schedule runs exactly those networks, in order, and ends with the final one.
    NestedResult r = run(finalShape(8, Activation.TANH), NestedSettings.of(3, 2, d).withEpochs(2), adam(2, 0.01, false),
        PropagationSpec.serial());
    assertEquals(3, r.levels().size());
    assertEquals(List.of(2, 4, 8), r.levels().stream().map(l -> l.shape().depth()).toList());
    double[] ts = d == DepthRefinement.ZERO ? new double[] {0.25, 0.5, 1} : new double[] {1, 1, 1};
    for (int k = 0; k < 3; k++) assertEquals(ts[k], r.levels().get(k).shape().finalTime(), 1e-15);
    assertEquals(finalShape(8, Activation.TANH), r.result().shape());
    assertArrayEquals(r.levels().get(2).theta(), r.result().theta());
    assertEquals(6, r.result().history().size());
    for (int i = 0; i < 6; i++) {
      EpochRecord e = r.result().history().get(i);
      assertEquals(i / 2, e.level());
      assertEquals(2 << (i / 2), e.depth());
      assertEquals(i % 2 + 1, e.epoch());
      assertEquals(i + 1, e.step(), "steps count across levels");
      if (i > 0) assertTrue(e.elapsedSeconds() >= r.result().history().get(i - 1).elapsedSeconds());
    }
    assertEquals(6, r.result().steps());
    assertEquals(2, r.refinements().size());
    assertEquals(4, r.refinements().get(0).toDepth());
  }

  @Test
  void oneLevelIsPlainTraining() {
    NetworkShape fin = finalShape(4, Activation.TANH);
    double[] theta0 = new Initialization(1, 1, 1, 11).draw(fin);
    TrainingResult plain = new Trainer(new LocalBatchSource(BLOCKS), VALIDATION, new SerialPropagation(), QUIET)
        .train(fin, theta0, adam(5, 0.02, true), 0, 0);
    NestedResult nested = run(fin, NestedSettings.off(), adam(5, 0.02, true), PropagationSpec.serial());
    assertArrayEquals(plain.theta(), nested.result().theta());
    assertEquals(plain.keptEpoch(), nested.result().keptEpoch());
    assertTrue(nested.refinements().isEmpty());
  }

  @Test
  void perLevelCapsThresholdsAndLearningRates() {
    NetworkShape fin = finalShape(8, Activation.TANH);
    NestedResult capped = run(fin, NestedSettings.of(3, 2, DepthRefinement.LINEAR).withEpochs(3, 4, 5),
        adam(100, 0.02, false), PropagationSpec.serial());
    assertEquals(List.of(3, 4, 5), capped.levels().stream().map(NestedResult.Level::epochs).toList());
    assertEquals(12, capped.result().history().size());

    double[] thresholds = {0.45, 0.6, 2};
    NestedResult stopped = run(fin, NestedSettings.of(3, 2, DepthRefinement.LINEAR).withEpochs(200, 200, 3)
        .withStopAtTrainAccuracy(thresholds), adam(100, 0.05, false), PropagationSpec.serial());
    for (int k = 0; k < 3; k++) {
      int level = k;
      List<EpochRecord> rs = stopped.result().history().stream().filter(e -> e.level() == level).toList();
      NestedResult.Level l = stopped.levels().get(k);
      assertEquals(rs.size(), l.epochs());
      for (int i = 0; i < rs.size() - 1; i++) {
        assertTrue(rs.get(i).trainAccuracy() < thresholds[k], "level " + k + " went on past its threshold at epoch " + (i + 1));
      }
      EpochRecord last = rs.get(rs.size() - 1);
      assertEquals(last.trainAccuracy() >= thresholds[k], l.reachedThreshold());
      if (l.reachedThreshold() && k < 2) {
        // The network handed on is the one that reached the threshold (exact accuracy, before refining).
        assertTrue(stopped.refinements().get(k).accuracyBefore() >= thresholds[k],
            "level " + k + " handed on " + stopped.refinements().get(k).accuracyBefore());
      }
      assertTrue(l.reachedThreshold() || l.epochs() == (k < 2 ? 200 : 3), "level " + k + " ended early without reason");
    }
    assertTrue(stopped.levels().get(0).reachedThreshold() && stopped.levels().get(0).epochs() < 200,
        "level 0 should reach 45 % well inside its cap");
    assertEquals(3, stopped.levels().get(2).epochs(), "threshold above 1 never stops");

    NestedSettings lr = NestedSettings.of(3, 2, DepthRefinement.LINEAR).withLearningRate(0.1, 0.05, 0.01)
        .withOptimizer(Optimizer.Kind.LBFGS, Optimizer.Kind.ADAM, Optimizer.Kind.ADAM).withEpochs(7).withStopAtTrainAccuracy(0.9);
    TrainingSettings base = adam(100, 0.02, true);
    assertEquals(Optimizer.Kind.LBFGS, lr.settingsAt(base, 0).optimizer().kind());
    assertEquals(0.05, lr.settingsAt(base, 1).optimizer().learningRate());
    assertEquals(0.01, lr.settingsAt(base, 2).optimizer().learningRate());
    assertEquals(7, lr.settingsAt(base, 2).epochs());
    assertEquals(0.9, lr.settingsAt(base, 1).stopAtTrainAccuracy());
    assertEquals(base.regularization(), lr.settingsAt(base, 1).regularization());
    assertEquals(0.02, NestedSettings.of(3, 2, DepthRefinement.LINEAR).settingsAt(base, 2).optimizer().learningRate());
  }

  /** A level's batch size sets its steps per epoch: full batch on the coarse level, minibatches of 20 on the fine one. */
  @Test
  void perLevelBatchSizes() {
    NetworkShape fin = finalShape(8, Activation.TANH);
    NestedSettings nested = NestedSettings.of(2, 2, DepthRefinement.LINEAR).withEpochs(2).withBatchSize(0, 20);
    NestedResult r = run(fin, nested, adam(100, 0.02, false), PropagationSpec.serial());
    int batches = MinibatchPlan.of(1, 20, TRAIN.size()).batchesPerEpoch();
    assertTrue(batches > 1, "the fine level must take minibatches");
    assertEquals(List.of(2, 2 * batches), r.levels().stream().map(NestedResult.Level::steps).toList());
    assertEquals(List.of(1L, 2L, 2L + batches, 2L + 2 * batches), r.result().history().stream().map(EpochRecord::step).toList());
    TrainingSettings base = new TrainingSettings(1, 256, adam(1, 0.1, false).optimizer(), REG, 1, false, 2, 1, 1,
        TrainingSettings.Gradients.DRIVER);
    assertEquals(256, NestedSettings.of(2, 2, DepthRefinement.LINEAR).settingsAt(base, 1).batchSize(),
        "no per-level sizes: the base batch size");
    assertEquals(1024, nested.withBatchSize(1024, 256).settingsAt(base, 0).batchSize());
  }

  /** With σ(0) = 0 the "do nothing" refinement leaves the network's function, hence its loss, unchanged. */
  @ParameterizedTest
  @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
  void zeroRefinementKeepsTheLossAtEveryLevel(Activation a) {
    NetworkShape fin = finalShape(8, a);
    NestedResult r = run(fin, NestedSettings.of(3, 2, DepthRefinement.ZERO).withEpochs(6), adam(6, 0.02, true),
        PropagationSpec.serial());
    for (int k = 1; k < 3; k++) {
      NestedResult.Level coarse = r.levels().get(k - 1);
      int level = k;
      EpochRecord first = r.result().history().stream().filter(e -> e.level() == level).findFirst().orElseThrow();
      double handedOver = exactLoss(coarse.shape(), coarse.theta());
      assertEquals(handedOver, first.trainLoss(), 1e-12 * handedOver, "level " + k + ": first epoch's loss");
      NestedResult.Refinement ref = r.refinements().get(k - 1);
      assertEquals(ref.lossBefore(), ref.lossAfter(), 1e-12 * ref.lossBefore());
      assertEquals(ref.accuracyBefore(), ref.accuracyAfter());
    }
    // Linear interpolation changes the function (h halves, weights interpolated): the check above is not vacuous.
    NestedResult lin = run(fin, NestedSettings.of(3, 2, DepthRefinement.LINEAR).withEpochs(6), adam(6, 0.02, true),
        PropagationSpec.serial());
    NestedResult.Refinement ref = lin.refinements().get(0);
    assertNotEquals(ref.lossBefore(), ref.lossAfter(), 1e-9);
  }

  private static PropagationSpec oneShot(int forward, int backward) {
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 2, 1e-9, 0, 50, true, false);
    return new PropagationSpec(PropagationSpec.Kind.MGRIT, true, o, CoarseWeights.MEAN, forward, backward, PropagationSpec.EngineKind.JVM, 1, 1,
        StallPolicy.NONE);
  }

  @Test
  void moreMgritCyclesForTheFirstSolvesAfterARefinement() {
    NetworkShape fin = finalShape(16, Activation.TANH);
    for (boolean fullBatch : new boolean[] {true, false}) {
      TrainingSettings base = new TrainingSettings(6, fullBatch ? 0 : 20, adam(6, 0.01, false).optimizer(), REG, 1,
          false, 2, 1, 1, TrainingSettings.Gradients.DRIVER);
      int batches = fullBatch ? 1 : MinibatchPlan.of(1, 20, TRAIN.size()).batchesPerEpoch();
      // Solves per epoch per shard = batches; boost the first 2 epochs' solves.
      NestedResult r = run(fin, NestedSettings.of(2, 2, DepthRefinement.LINEAR).withRefineBoost(2 * batches, 3), base,
          oneShot(2, 1));
      for (EpochRecord e : r.result().history()) {
        boolean boosted = e.level() == 1 && e.epoch() <= 2;
        String what = (fullBatch ? "full batch" : "minibatch") + " level " + e.level() + " epoch " + e.epoch();
        assertEquals(boosted ? 6 : 2, e.mgritForwardIterations(), 1e-12, what + ": forward cycles per solve");
        assertEquals(boosted ? 3 : 1, e.mgritBackwardIterations(), 1e-12, what + ": backward cycles per solve");
      }
    }
  }

  /**
   * The coarse level's last MGRIT states, refined, start the deeper level's one-shot solves. With
   * weights that hardly move, one cycle per solve drives the coarse level's residual down epoch by
   * epoch; after a zero refinement the deeper network's first residual is as small as the coarse
   * level's last, not back at the size the coarsest level had after its first, cold cycle.
   */
  @Test
  void warmStartsCarryAcrossARefinement() {
    NetworkShape fin = finalShape(16, Activation.TANH);
    NestedResult r = run(fin, NestedSettings.of(2, 2, DepthRefinement.ZERO).withEpochs(8), adam(8, 1e-6, false),
        oneShot(1, 1));
    List<EpochRecord> h = r.result().history();
    EpochRecord afterColdCycle = h.get(1), coarseLast = h.get(7), refinedFirst = h.get(8);
    assertEquals(1, refinedFirst.level());
    assertTrue(coarseLast.mgritResidual() * 1e3 < afterColdCycle.mgritResidual(), "coarse level did not converge: "
        + afterColdCycle.mgritResidual() + " -> " + coarseLast.mgritResidual());
    assertTrue(refinedFirst.mgritResidual() <= 10 * coarseLast.mgritResidual(),
        "after refinement " + refinedFirst.mgritResidual() + " vs before " + coarseLast.mgritResidual());
  }

  @Test
  void scaledRegularisationIsAboutDepthIndependentAndPlainIsNot() {
    NetworkShape coarse = finalShape(4, Activation.TANH);
    double[] theta = new Initialization(1, 1, 1, 3).draw(coarse);
    Regularization scaled = new Regularization(1, 1, 0, true), plain = new Regularization(1, 1, 0, false);
    double[] fine = DepthRefinement.LINEAR.refine(coarse, theta, 4);
    NetworkShape fs = DepthRefinement.LINEAR.refinedShape(coarse, 4);
    double rc = scaled.addValueAndGradient(coarse, theta, null), rf = scaled.addValueAndGradient(fs, fine, null);
    assertEquals(rc, rf, 0.35 * rc, "Riemann sums of one weight function agree roughly across depths");
    double pc = plain.addValueAndGradient(coarse, theta, null), pf = plain.addValueAndGradient(fs, fine, null);
    assertTrue(pf > 3 * pc, "plain sums grow with depth: " + pc + " -> " + pf);
    // Gradient of the scaled form by central differences.
    double[] g = new double[fs.size()];
    scaled.addValueAndGradient(fs, fine, g);
    for (int i = fs.hiddenOffset(); i < fs.classWeights(); i += 7) {
      double[] p = fine.clone(), m = fine.clone();
      p[i] += 1e-6;
      m[i] -= 1e-6;
      double fd = (scaled.addValueAndGradient(fs, p, null) - scaled.addValueAndGradient(fs, m, null)) / 2e-6;
      assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "entry " + i);
    }
  }
}
