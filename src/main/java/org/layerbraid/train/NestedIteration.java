package org.layerbraid.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.layerbraid.data.Examples;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.WarmStarts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/**
 * Nested iteration across depth (docs/design.md#nested-iteration): trains the coarsest network of the schedule, refines
 * the result in depth with the schedule's interpolation, trains again, and so on up to the final
 * network. Every level is one {@link Trainer#train} call with that level's settings, so the
 * optimiser starts afresh per level, and with a fresh layer propagation whose MGRIT warm starts
 * are the previous level's last states refined in depth, boosted after a refinement when the
 * settings ask for it. Solves a stall tightened stay tightened at the next level when the stall
 * policy carries them. One level is plain training.
 */
public final class NestedIteration {
  /**
   * Examples in the sample whose exact loss the stall policy's {@code exact} watch follows: a fixed
   * sample makes the loss a smooth function of the parameters, and this many keep its cost a small
   * part of an epoch's (a serial forward pass, no gradient).
   */
  private static final int STALL_SAMPLE = 1000;

  private final BatchSource train;
  private final Examples validation;
  private final PropagationSpec propagation;
  private final PropagationFactory propagations;
  private final Progress progress;
  private final EpochMonitor monitor;
  private final StepLabels labels;

  public NestedIteration(BatchSource train, Examples validation, PropagationSpec propagation,
      PropagationFactory propagations, Progress progress) {
    this(train, validation, propagation, propagations, progress, EpochMonitor.NONE, StepLabels.NONE);
  }

  /**
   * As above, with a monitor watching every level's epochs (when it stops a level, no later level
   * runs), and labels told every step.
   */
  public NestedIteration(BatchSource train, Examples validation, PropagationSpec propagation,
      PropagationFactory propagations, Progress progress, EpochMonitor monitor, StepLabels labels) {
    this.train = train;
    this.validation = validation;
    this.propagation = propagation;
    this.propagations = propagations;
    this.progress = progress;
    this.monitor = monitor;
    this.labels = labels;
  }

  /**
   * Runs the schedule that ends with {@code finalShape}, starting from {@code theta0}, the
   * parameters of the coarsest level's network ({@code nested.shapeAt(finalShape, 0)}).
   */
  public NestedResult run(NetworkShape finalShape, double[] theta0, TrainingSettings base, NestedSettings nested) {
    return run(finalShape, theta0, base, nested, Checkpointing.NONE);
  }

  /**
   * As above, with checkpoints: from {@code checkpoints.resumeFrom()} when it is set (theta0 is then
   * not used), and saved after every {@code checkpoints.every()}-th epoch of a level.
   */
  public NestedResult run(NetworkShape finalShape, double[] theta0, TrainingSettings base, NestedSettings nested,
      Checkpointing checkpoints) {
    NetworkShape shape = nested.shapeAt(finalShape, 0);
    if (theta0.length != shape.size()) {
      throw new IllegalArgumentException("initial parameters have " + theta0.length + " entries; the coarsest network ("
          + shape.depth() + " layers) has " + shape.size());
    }
    List<EpochRecord> history = new ArrayList<>();
    List<NestedResult.Level> levels = new ArrayList<>();
    List<NestedResult.Refinement> refinements = new ArrayList<>();
    double[] theta = theta0;
    double elapsed = 0;
    int steps = 0;
    TrainingResult last = null;
    LayerPropagation solves = null;
    WarmStarts carried = WarmStarts.NONE;
    PropagationSpec levelSpec = propagation; // tighter than the configured one when a stall's solves are carried
    TrainingCheckpoint from = checkpoints.resumeFrom();
    int firstLevel = 0;
    if (from != null) {
      if (from.level() >= nested.levels()) {
        throw new IllegalArgumentException("the checkpoint is in level " + (from.level() + 1) + "; the schedule has "
            + nested.levels());
      }
      firstLevel = from.level();
      history.addAll(from.earlierHistory());
      levels.addAll(from.levels());
      refinements.addAll(from.refinements());
      elapsed = from.elapsedBefore();
      steps = from.stepsBefore();
      levelSpec = from.levelSolves().apply(propagation);
      shape = nested.shapeAt(finalShape, firstLevel);
      progress.message("resuming after " + from.where() + " (N=" + shape.depth() + ") from the checkpoint");
    }
    for (int level = firstLevel; level < nested.levels(); level++) {
      boolean resumed = from != null && level == from.level();
      if (level > 0 && !resumed) {
        long start = System.nanoTime();
        NetworkShape fine = nested.interpolation().refinedShape(shape, nested.factor());
        double[] refined = nested.interpolation().refine(shape, theta, nested.factor());
        carried = solves.warmStarts().refined(nested.interpolation(), nested.factor());
        double seconds = (System.nanoTime() - start) * 1e-9;
        elapsed += seconds;
        // Measured for the report only, so not charged to the run's time.
        GradientSum before = exact(shape, theta), after = exact(fine, refined);
        refinements.add(new NestedResult.Refinement(level, shape.depth(), fine.depth(), before.meanLoss(),
            before.accuracy(), after.meanLoss(), after.accuracy(), seconds));
        progress.message(String.format(java.util.Locale.ROOT,
            "refined N=%d -> N=%d (%s): training loss %.4g -> %.4g, accuracy %.2f%% -> %.2f%%", shape.depth(),
            fine.depth(), nested.interpolation().configName(), before.meanLoss(), after.meanLoss(),
            100 * before.accuracy(), 100 * after.accuracy()));
        shape = fine;
        theta = refined;
      }
      TrainingSettings s = nested.settingsAt(base, level);
      boolean fullBatch = MinibatchPlan.of(s.seed(), s.batchSize(), train.size()).fullBatch();
      // Carried solves are tight already: boosting them too would run past the cycles a stall allows.
      int boosted = level > 0 && levelSpec == propagation ? nested.refineSteps() : 0;
      solves = RefinementBoost.forLevel(levelSpec, propagations, fullBatch, boosted, nested.refineCycleFactor());
      RefinementBoost boost = solves instanceof RefinementBoost b ? b : null;
      // The coarse network's last states, refined, start the deeper network's first solves.
      solves.startFrom(carried);
      AdaptivePropagation adaptive = null;
      if (propagation.stall().enabled()) { // the detector's loss history starts afresh per level, as the optimiser does
        if (s.epochs() <= propagation.stall().window()) {
          progress.message(String.format(java.util.Locale.ROOT, "level %d N=%d: its %d epochs cannot show a stall, which"
              + " takes more than the stall window (mgrit.stallWindow) of %d epochs", level + 1, shape.depth(), s.epochs(),
              propagation.stall().window()));
        }
        MinibatchPlan sample = MinibatchPlan.of(s.seed(), STALL_SAMPLE, train.size());
        // Epoch 0 is no training epoch's: batch 0 of it is a fixed sample, spread over all blocks.
        AdaptivePropagation.ExactLoss exactLoss = (sh, th) -> train.sum(th, sh, new SerialPropagation(), sample, 0, 0, false)
            .meanLoss();
        adaptive = new AdaptivePropagation(solves, levelSpec, propagations, fullBatch, propagation.stall(), exactLoss,
            progress);
        solves = adaptive;
      }
      if (resumed) restore(from.propagation(), solves, boost, adaptive);
      Trainer trainer = new Trainer(train, validation, solves, progress, adaptive == null ? EpochMonitor.NONE : adaptive,
          monitor, labels);
      int atLevel = level, stepsBefore = steps;
      double elapsedBefore = elapsed;
      SolvesChange levelSolves = SolvesChange.of(levelSpec, propagation);
      LayerPropagation levelSolver = solves;
      AdaptivePropagation stall = adaptive;
      Consumer<TrainerState> save = state -> checkpoints.save().accept(new TrainingCheckpoint(atLevel, elapsedBefore,
          stepsBefore, levelSolves, history, levels, refinements, state, new PropagationState(levelSolver.warmStarts(),
              boost == null ? Map.of() : boost.calls(), stall == null ? null : stall.state(propagation))));
      last = trainer.train(shape, theta, s, level, elapsed, nested.levels() - 1 - level, resumed ? from.trainer() : null,
          checkpoints.every(), save);
      if (adaptive != null && propagation.stall().carry() && adaptive.tightened() && level + 1 < nested.levels()) {
        levelSpec = adaptive.spec();
        progress.message("the solves a stall tightened at depth " + shape.depth() + " carry on to the next level: "
            + levelSpec.describe());
      }
      for (EpochRecord r : last.history()) history.add(withStepOffset(r, steps));
      EpochRecord end = last.history().get(last.history().size() - 1);
      levels.add(new NestedResult.Level(level, shape, last.theta(), end.epoch(), last.keptEpoch(), last.steps(),
          last.seconds(), end.trainAccuracy() >= s.stopAtTrainAccuracy()));
      steps += last.steps();
      elapsed += last.seconds();
      theta = last.theta();
      if (last.stoppedByMonitor()) break;
    }
    TrainingResult combined = new TrainingResult(shape, theta, List.copyOf(history), last.keptEpoch(), steps, elapsed,
        last.stoppedByMonitor());
    return new NestedResult(combined, List.copyOf(levels), List.copyOf(refinements));
  }

  /** Puts a level's propagation back in the state a checkpoint found it in. */
  private void restore(PropagationState state, LayerPropagation solves, RefinementBoost boost,
      AdaptivePropagation adaptive) {
    if ((state.stall() != null) != (adaptive != null) || (!state.boostedCalls().isEmpty() && boost == null)) {
      throw new IllegalArgumentException("the checkpoint's propagation (" + (state.stall() != null ? "with" : "without")
          + " a stall policy) does not fit the settings' (" + solves + ")");
    }
    if (boost != null) boost.restoreCalls(state.boostedCalls());
    if (adaptive != null) adaptive.restore(state.stall(), propagation);
    solves.startFrom(state.warmStarts());
  }

  /** Loss and accuracy over the whole training set with serial propagation. */
  private GradientSum exact(NetworkShape shape, double[] theta) {
    return train.wholeSet(theta, shape, new SerialPropagation(), false);
  }

  private static EpochRecord withStepOffset(EpochRecord r, int offset) {
    if (offset == 0) return r;
    return new EpochRecord(r.level(), r.depth(), r.epoch(), r.step() + offset, r.trainLoss(), r.trainAccuracy(),
        r.validationLoss(), r.validationAccuracy(), r.elapsedSeconds(), r.epochSeconds(), r.mgritForwardIterations(),
        r.mgritBackwardIterations(), r.mgritResidual(), r.examplesPerSecond());
  }
}
