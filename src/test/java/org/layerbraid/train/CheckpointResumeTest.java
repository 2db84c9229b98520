package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;
import org.layerbraid.resnet.CoarseWeights;

/**
 * A run resumed from any of its checkpoints, each first written to bytes and read back, ends where
 * the uninterrupted run ends, bit for bit: same kept parameters, every level's network, and every
 * epoch's losses and accuracies. Small Peaks sets in this JVM.
 */
class CheckpointResumeTest {
  private static final List<Examples> BLOCKS = Blocks.split(Peaks.sample(30, 5), 2);
  private static final Examples VALIDATION = Peaks.sample(10, 6);
  private static final NetworkShape SHAPE = new NetworkShape(Peaks.DIM, 4, 8, Peaks.CLASSES, 1.0, Activation.TANH,
      BiasMode.SCALAR);
  private static final Progress QUIET = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
  private static final Map<String, String> CONFIG = Map.of("seed", "3", "model.layers", "8");

  /**
   * Nested iteration 2 -> 4 -> 8 with warm-started one-shot MGRIT (two shards), a refinement boost,
   * and a stall policy that tightens the solves at every window and carries them to the next level.
   */
  @Test
  void nestedOneShotMgritWithBoostAndStallsResumesBitForBit() {
    PropagationSpec mgrit = new PropagationSpec(PropagationSpec.Kind.MGRIT, true,
        new MgritOptions(10, new int[] {2}, new int[] {0, 1}, 2, 1e-9, 0, 50, true, false), CoarseWeights.MEAN, 1, 1,
        PropagationSpec.EngineKind.JVM, 1, 1, new StallPolicy(StallPolicy.Action.MORE, 2, 0.999, StallPolicy.Watch.EXACT, false));
    NestedSettings nested = NestedSettings.of(3, 2, DepthRefinement.LINEAR).withEpochs(3, 4, 4).withRefineBoost(2, 2);
    checkEveryResume(mgrit, nested, settings(Optimizer.Kind.ADAM, 0, 1.0, true), 8);
  }

  /** L-BFGS under full batch reuses its last accepted value; the checkpoint carries it and the curvature pairs. */
  @Test
  void lbfgsResumesBitForBit() {
    checkEveryResume(PropagationSpec.serial(), NestedSettings.off(), settings(Optimizer.Kind.LBFGS, 0, 1.0, false), 5);
  }

  /** Momentum SGD on minibatches with a decaying learning rate and the best epoch kept. */
  @Test
  void minibatchSgdWithDecayResumesBitForBit() {
    checkEveryResume(PropagationSpec.serial(), NestedSettings.of(2, 2, DepthRefinement.CONSTANT).withEpochs(3, 3),
        settings(Optimizer.Kind.SGD, 16, 0.9, true), 4);
  }

  @Test
  void everyNthEpochOnlyAndNeverALevelsLast() {
    List<TrainingCheckpoint> saved = new ArrayList<>();
    run(PropagationSpec.serial(), NestedSettings.of(2, 2, DepthRefinement.LINEAR).withEpochs(5, 4),
        settings(Optimizer.Kind.ADAM, 0, 1.0, false), new Checkpointing(null, 2, saved::add));
    assertEquals(List.of("level 1, epoch 2", "level 1, epoch 4", "level 2, epoch 2"),
        saved.stream().map(TrainingCheckpoint::where).toList());
  }

  @Test
  void aDamagedCheckpointIsRefusedNamingIt() throws IOException {
    List<TrainingCheckpoint> saved = new ArrayList<>();
    run(PropagationSpec.serial(), NestedSettings.off(), settings(Optimizer.Kind.ADAM, 0, 1.0, false),
        new Checkpointing(null, 1, saved::add));
    byte[] good = bytes(saved.get(0));
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 100; trial++) {
      byte[] bad = trial % 2 == 0 ? good.clone() : java.util.Arrays.copyOf(good, random.nextInt(good.length));
      if (trial % 2 == 0) bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CheckpointFormat.read(() -> new ByteArrayInputStream(bad), bad.length, "checkpoint x/state.bin"));
      assertTrue(e.getMessage().startsWith("checkpoint x/state.bin "), e.getMessage());
    }
  }

  private static TrainingSettings settings(Optimizer.Kind kind, int batchSize, double decay, boolean keepBest) {
    Optimizer.Settings o = Optimizer.Settings.defaults(kind);
    return new TrainingSettings(6, batchSize, o, new Regularization(1e-4, 1e-3, 1e-4, true), decay, keepBest, 2, 1, 3,
        TrainingSettings.Gradients.DRIVER);
  }

  private static NestedResult run(PropagationSpec p, NestedSettings nested, TrainingSettings s, Checkpointing checkpoints) {
    double[] theta0 = new Initialization(1, 1, 1, 3).draw(nested.shapeAt(SHAPE, 0));
    return new NestedIteration(new LocalBatchSource(BLOCKS), VALIDATION, p, PropagationFactory.inJvm(), QUIET)
        .run(SHAPE, theta0, s, nested, checkpoints);
  }

  /** Resumes from every checkpoint the run saved (at least {@code expected}) and compares with the run. */
  private static void checkEveryResume(PropagationSpec p, NestedSettings nested, TrainingSettings s, int expected) {
    List<TrainingCheckpoint> saved = new ArrayList<>();
    NestedResult whole = run(p, nested, s, new Checkpointing(null, 1, saved::add));
    assertTrue(saved.size() >= expected, saved.size() + " checkpoints");
    for (TrainingCheckpoint c : saved) {
      CheckpointFormat.Contents read = roundTrip(c);
      assertEquals(CONFIG, read.config());
      NestedResult resumed = run(p, nested, s, new Checkpointing(read.checkpoint(), 0, x -> fail("no saves asked for")));
      String where = "resumed after " + c.where();
      assertArrayEquals(whole.result().theta(), resumed.result().theta(), where);
      assertEquals(whole.levels().size(), resumed.levels().size(), where);
      for (int k = 0; k < whole.levels().size(); k++) {
        assertArrayEquals(whole.levels().get(k).theta(), resumed.levels().get(k).theta(), where + ", level " + k);
      }
      assertEquals(learning(whole.result().history()), learning(resumed.result().history()), where);
      assertEquals(whole.refinements().stream().map(r -> List.of(r.lossAfter(), r.accuracyAfter())).toList(),
          resumed.refinements().stream().map(r -> List.of(r.lossAfter(), r.accuracyAfter())).toList(), where);
    }
  }

  /** What an epoch learnt and its solves did, without its times. */
  private static List<List<Object>> learning(List<EpochRecord> history) {
    return history.stream().map(r -> List.<Object>of(r.level(), r.epoch(), r.step(), r.trainLoss(), r.trainAccuracy(),
        r.validationLoss(), r.validationAccuracy(), r.mgritForwardIterations(), r.mgritBackwardIterations(),
        r.mgritResidual())).toList();
  }

  private static byte[] bytes(TrainingCheckpoint c) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CheckpointFormat.write(out, CONFIG, c);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static CheckpointFormat.Contents roundTrip(TrainingCheckpoint c) {
    byte[] b = bytes(c);
    try {
      return CheckpointFormat.read(() -> new ByteArrayInputStream(b), b.length, "checkpoint");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
