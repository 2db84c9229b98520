package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.WarmStarts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/** One-shot MGRIT training that tightens its solves when the loss stalls ({@link StallPolicy}). */
class AdaptivePropagationTest {
  private static final List<Examples> BLOCKS = Blocks.split(Peaks.sample(30, 5), 2);
  private static final Examples VALIDATION = Peaks.sample(10, 6);
  private static final NetworkShape SHAPE = new NetworkShape(Peaks.DIM, 4, 8, Peaks.CLASSES, 1.0, Activation.TANH,
      BiasMode.SCALAR);

  @Test
  void aStallIsNoImprovementByTheToleranceOverTheWindow() {
    StallPolicy p = new StallPolicy(StallPolicy.Action.MORE, 3, 0.01, StallPolicy.Watch.TRAINING, true);
    double[] improving = {1.0, 0.9, 0.8, 0.7, 0.6};
    assertFalse(p.stalled(improving, 3), "no stall before window + 1 epochs");
    assertFalse(p.stalled(improving, 5));
    // Best before the window 1.0; best in it 0.995: 0.5 % better, short of 1 %.
    assertTrue(p.stalled(new double[] {1.0, 1.2, 0.995, 1.1}, 4));
    assertFalse(p.stalled(new double[] {1.0, 1.2, 0.989, 1.1}, 4));
    // Only the best values count: an early dip makes a later plateau a stall.
    assertTrue(p.stalled(new double[] {0.5, 0.9, 0.8, 0.7, 0.6}, 5));
  }

  /**
   * One-shot training loss falling while the exact losses rise: how a network that learns to fit
   * inexact solves looks (measured on Peaks). The validation and the exact watch see it; without a
   * validation set the validation watch falls back to the training loss.
   */
  @Test
  void theExactWatchesSeeWhatTheOneShotTrainingLossHides() {
    double[] training = {1.0, 0.8, 0.6, 0.4}, rising = {1.0, 1.1, 1.2, 1.3}, none = {Double.NaN, Double.NaN,
        Double.NaN, Double.NaN};
    assertEquals(2, cyclesAfter(StallPolicy.Watch.VALIDATION, training, rising, rising));
    assertEquals(2, cyclesAfter(StallPolicy.Watch.EXACT, training, none, rising));
    assertEquals(1, cyclesAfter(StallPolicy.Watch.TRAINING, training, rising, rising));
    assertEquals(1, cyclesAfter(StallPolicy.Watch.VALIDATION, training, none, rising));
  }

  /**
   * Overfitting: the exact training loss falls on while the validation loss rises. No tighter
   * solve cures that; the validation watch tightens anyway, the exact watch does not.
   */
  @Test
  void theExactWatchTellsOverfittingFromBias() {
    double[] falling = {1.0, 0.8, 0.6, 0.4}, rising = {1.0, 1.1, 1.2, 1.3};
    assertEquals(2, cyclesAfter(StallPolicy.Watch.VALIDATION, falling, rising, falling));
    assertEquals(1, cyclesAfter(StallPolicy.Watch.EXACT, falling, rising, falling));
  }

  /** Full-batch one-shot MGRIT, one forward and one backward cycle per solve, under {@code policy}, quiet. */
  private static AdaptivePropagation adaptive(StallPolicy policy, AdaptivePropagation.ExactLoss exactLoss) {
    PropagationSpec spec = new PropagationSpec(PropagationSpec.Kind.MGRIT, true, options(50), CoarseWeights.MEAN, 1, 1,
        PropagationSpec.EngineKind.JVM, 1, 1, policy);
    PropagationFactory solvers = PropagationFactory.inJvm();
    return new AdaptivePropagation(solvers.create(spec, true), spec, solvers, true, policy, exactLoss,
        Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream())));
  }

  /**
   * Forward cycles per solve after feeding these per-epoch losses (the one-shot training loss, the
   * validation loss, the exact training loss) to a `more` policy (window 2, tolerance 1 %).
   */
  private static int cyclesAfter(StallPolicy.Watch watch, double[] trainLoss, double[] validationLoss, double[] exact) {
    int[] epoch = {0};
    AdaptivePropagation a = adaptive(new StallPolicy(StallPolicy.Action.MORE, 2, 0.01, watch, true),
        (shape, theta) -> exact[epoch[0]]);
    double[] theta = new Initialization(1, 1, 1, 3).draw(SHAPE);
    for (int e = 0; e < trainLoss.length; e++) {
      epoch[0] = e;
      a.afterEpoch(new EpochRecord(0, SHAPE.depth(), e + 1, e + 1, trainLoss[e], 0.5, validationLoss[e], 0.5, e + 1, 1, 1,
          1, Double.NaN, 1), SHAPE, theta);
    }
    return a.spec().forwardIterations();
  }

  @Test
  void moreDoublesTheCyclesAtEveryStallUpToMaxIterThenGoesSerial() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Tolerance 0.999: the loss would have to fall 1000-fold in a window, so every window is a stall.
    List<EpochRecord> h = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.VALIDATION, true), 6, 12, out);
    double[] forward = h.stream().mapToDouble(EpochRecord::mgritForwardIterations).toArray();
    double[] backward = h.stream().mapToDouble(EpochRecord::mgritBackwardIterations).toArray();
    // Windows of 2 epochs after one epoch to compare against: a stall after epochs 3, 6, 9 (1 -> 2 -> 4 -> serial, as 8 > maxIter 6).
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 4, 4, 4, 0, 0, 0}, forward);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 4, 4, 4, 0, 0, 0}, backward);
    String log = out.toString(StandardCharsets.UTF_8);
    assertEquals(3, log.split("has not improved", -1).length - 1, log);
    assertTrue(log.contains("level 1 N=8 epoch 3: validation loss"), log);
    assertTrue(log.contains("-> mgrit one-shot (2 forward, 2 backward cycles"), log);
    assertTrue(log.contains("-> serial"), log);
  }

  /**
   * Under nested iteration (depth 4 -> 8, 4 epochs each, every window a stall) a level starts with
   * the cycles the previous one was tightened to, or, without carry, with the configured one.
   */
  @Test
  void aLevelStartsWithTheSolvesThePreviousLevelWasTightenedTo() {
    NestedSettings twoLevels = NestedSettings.of(2, 2, DepthRefinement.LINEAR).withEpochs(4, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<EpochRecord> carried = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.TRAINING, true),
        50, 4, twoLevels, out);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 2, 4}, forwardCycles(carried));
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("the solves a stall tightened at depth 4 carry on to the next level: mgrit one-shot (2 forward,"
        + " 2 backward"), log);
    List<EpochRecord> reset = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.TRAINING, false),
        50, 4, twoLevels, new ByteArrayOutputStream());
    assertArrayEquals(new double[] {1, 1, 1, 2, 1, 1, 1, 2}, forwardCycles(reset));
    // Serial propagation carries on as serial; carried solves get no refinement boost on top (3x the first 2 epochs' cycles).
    List<EpochRecord> serial = train(new StallPolicy(StallPolicy.Action.SERIAL, 2, 0.999, StallPolicy.Watch.TRAINING, true),
        50, 4, twoLevels, new ByteArrayOutputStream());
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 0, 0}, forwardCycles(serial));
    List<EpochRecord> boosted = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.TRAINING, true),
        50, 4, twoLevels.withRefineBoost(2, 3), new ByteArrayOutputStream());
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 2, 4}, forwardCycles(boosted));
    List<EpochRecord> boostedReset = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.TRAINING,
        false), 50, 4, twoLevels.withRefineBoost(2, 3), new ByteArrayOutputStream());
    assertTrue(forwardCycles(boostedReset)[4] > 1, "the boost is on in this setup: " + boostedReset);
  }

  private static double[] forwardCycles(List<EpochRecord> history) {
    return history.stream().mapToDouble(EpochRecord::mgritForwardIterations).toArray();
  }

  @Test
  void theExactWatchEvaluatesASampleOfTheTrainingSetInARealRun() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<EpochRecord> h = train(new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.EXACT, true), 50, 4, out);
    assertArrayEquals(new double[] {1, 1, 1, 2}, forwardCycles(h));
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("level 1 N=8 epoch 3: exact training loss"), log);
  }

  @Test
  void aLevelTooShortForTheWindowIsSaidSo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<EpochRecord> h = train(new StallPolicy(StallPolicy.Action.MORE, 4, 0.999, StallPolicy.Watch.EXACT, true), 50, 4, out);
    assertArrayEquals(new double[] {1, 1, 1, 1}, forwardCycles(h), "every window a stall, but none fits in 4 epochs");
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("level 1 N=8: its 4 epochs cannot show a stall, which takes more than the stall window"
        + " (mgrit.stallWindow) of 4 epochs"), log);
    ByteArrayOutputStream fits = new ByteArrayOutputStream();
    train(new StallPolicy(StallPolicy.Action.MORE, 3, 0.999, StallPolicy.Watch.EXACT, true), 50, 4, fits);
    assertFalse(fits.toString(StandardCharsets.UTF_8).contains("cannot show a stall"));
  }

  @Test
  void serialSwitchesToExactPropagationAtTheFirstStall() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<EpochRecord> h = train(new StallPolicy(StallPolicy.Action.SERIAL, 2, 0.999, StallPolicy.Watch.TRAINING, true), 50, 6, out);
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0}, h.stream().mapToDouble(EpochRecord::mgritForwardIterations).toArray());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("level 1 N=8 epoch 3: training loss"), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void onlyOneShotMgritTakesAStallPolicy() {
    StallPolicy p = new StallPolicy(StallPolicy.Action.SERIAL, 5, 1e-3, StallPolicy.Watch.TRAINING, true);
    MgritOptions o = options(50);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PropagationSpec(
        PropagationSpec.Kind.MGRIT, false, o, CoarseWeights.MEAN, 1, 1, PropagationSpec.EngineKind.JVM, 1, 1, p));
    assertTrue(e.getMessage().contains("needs one-shot MGRIT"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StallPolicy(StallPolicy.Action.MORE, 0, 1e-3, StallPolicy.Watch.TRAINING, true));
    assertThrows(IllegalArgumentException.class, () -> StallPolicy.Action.parse("faster"));
  }

  /** A tighter solver replaces the one-shot one mid-level; it starts from the states the old one reached, not cold. */
  @Test
  void theTighterSolverStartsFromTheStatesItReplaces() {
    AdaptivePropagation a = adaptive(new StallPolicy(StallPolicy.Action.MORE, 1, 0.999, StallPolicy.Watch.TRAINING, true),
        (shape, t) -> 1);
    double[] theta = new Initialization(1, 1, 1, 3).draw(SHAPE);
    BatchEvaluation.evaluate(new ResNet(SHAPE, theta), a, BLOCKS.get(0), true, 0);
    WarmStarts reached = a.warmStarts();
    assertFalse(reached.isEmpty());
    for (int epoch = 1; epoch <= 2; epoch++) { // the same loss twice: a stall over a window of one epoch
      a.afterEpoch(new EpochRecord(0, SHAPE.depth(), epoch, epoch, 1, 0.5, 1, 0.5, epoch, 1, 1, 1, Double.NaN, 1), SHAPE, theta);
    }
    assertEquals(2, a.spec().forwardIterations(), "the stall should have doubled the cycles");
    assertTrue(reached.forward().get(0) == a.warmStarts().forward().get(0), "forward states not handed on");
    assertTrue(reached.backward().get(0) == a.warmStarts().backward().get(0), "adjoints not handed on");
  }

  private static MgritOptions options(int maxIter) {
    return new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 2, 1e-9, 0, maxIter, true, false);
  }

  private static List<EpochRecord> train(StallPolicy policy, int maxIter, int epochs, ByteArrayOutputStream out) {
    return train(policy, maxIter, epochs, NestedSettings.off(), out);
  }

  private static List<EpochRecord> train(StallPolicy policy, int maxIter, int epochs, NestedSettings nested,
      ByteArrayOutputStream out) {
    PropagationSpec spec = new PropagationSpec(PropagationSpec.Kind.MGRIT, true, options(maxIter), CoarseWeights.MEAN, 1, 1,
        PropagationSpec.EngineKind.JVM, 1, 1, policy);
    Optimizer.Settings d = Optimizer.Settings.defaults(Optimizer.Kind.ADAM);
    TrainingSettings s = new TrainingSettings(epochs, 0, d, new Regularization(1e-4, 1e-3, 1e-4, true), 1.0, false, 2, 1, 1,
        TrainingSettings.Gradients.DRIVER);
    Progress progress = Progress.forMode("console", new PrintStream(out, true, StandardCharsets.UTF_8));
    NestedResult r = new NestedIteration(new LocalBatchSource(BLOCKS), VALIDATION, spec,
        PropagationFactory.inJvm(), progress)
        .run(SHAPE, new Initialization(1, 1, 1, 3).draw(nested.shapeAt(SHAPE, 0)), s, nested);
    return r.result().history();
  }
}
