package org.layerbraid.train;

import java.util.ArrayList;
import java.util.List;
import org.layerbraid.data.Examples;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.DivergenceException;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.Progress;

/**
 * Trains one network: epochs of minibatch steps on the driver, each gradient summed by the batch
 * source (in this JVM or over Spark partitions) with the given layer propagation (serial or MGRIT).
 * Validation runs on the driver with serial propagation, which is exact whatever trained the model.
 */
public final class Trainer {
  private final BatchSource train;
  private final Examples validation;
  private final LayerPropagation propagation;
  private final Progress progress;
  private final EpochMonitor method;
  private final EpochMonitor monitor;
  private final StepLabels labels;

  public Trainer(BatchSource train, Examples validation, LayerPropagation propagation, Progress progress) {
    this(train, validation, propagation, progress, EpochMonitor.NONE);
  }

  /** As above, with a monitor called after every epoch; its time is left out of the run's elapsed time. */
  public Trainer(BatchSource train, Examples validation, LayerPropagation propagation, Progress progress,
      EpochMonitor monitor) {
    this(train, validation, propagation, progress, EpochMonitor.NONE, monitor, StepLabels.NONE);
  }

  /**
   * As above, and {@code method} is called after every epoch before the monitor: it is part of the
   * training method (e.g. a stall detector that tightens the solves), so its time is charged to the run;
   * {@code labels} is told every step before it runs.
   */
  public Trainer(BatchSource train, Examples validation, LayerPropagation propagation, Progress progress,
      EpochMonitor method, EpochMonitor monitor, StepLabels labels) {
    this.train = train;
    this.validation = validation;
    this.propagation = propagation;
    this.progress = progress;
    this.method = method;
    this.monitor = monitor;
    this.labels = labels;
  }

  /**
   * How many times the loss of a uniform guess, ln(classes), a training loss may reach: a network
   * that confidently wrong has diverged, however finite its loss. Adam at a learning rate of 10^6
   * reaches hundreds within an epoch (an example's loss is capped at -ln(Double.MIN_NORMAL) = 708),
   * while a run that learns stays within a few times ln(classes).
   */
  static final double EXPLODED = 100;

  /** Stops the run, before any result is written, on a loss that is NaN, infinite or exploding. */
  private static void checkLoss(double loss, NetworkShape shape, TrainingSettings s, int level, int epoch) {
    double limit = EXPLODED * Math.log(shape.numClasses());
    if (Double.isFinite(loss) && loss <= limit) return;
    throw new DivergenceException(String.format(java.util.Locale.ROOT, "training diverged at level %d (%d layers), epoch"
        + " %d: training loss %.4g%s; lower train.learningRate (%s with %s) or model.T", level + 1, shape.depth(), epoch,
        loss, Double.isFinite(loss) ? String.format(java.util.Locale.ROOT, " is above %.0f x ln(%d classes) = %.4g",
            EXPLODED, shape.numClasses(), limit) : "", s.optimizer().learningRate(), s.optimizer().kind().configName()));
  }

  /** Trains from theta0 (not modified); {@code level} and {@code elapsedBefore} place the run inside a schedule. */
  public TrainingResult train(NetworkShape shape, double[] theta0, TrainingSettings s, int level, double elapsedBefore) {
    return train(shape, theta0, s, level, elapsedBefore, 0);
  }

  /** As above, with the number of schedule levels still to come after this one (for the progress display). */
  public TrainingResult train(NetworkShape shape, double[] theta0, TrainingSettings s, int level, double elapsedBefore,
      int levelsAfter) {
    return train(shape, theta0, s, level, elapsedBefore, levelsAfter, null, 0, state -> {});
  }

  /**
   * As above, continuing from {@code resumeFrom} when it is not null (theta0 is then ignored), and
   * handing the state after every {@code checkpointEvery}-th epoch but the last to {@code save}
   * (0: never).
   */
  public TrainingResult train(NetworkShape shape, double[] theta0, TrainingSettings s, int level, double elapsedBefore,
      int levelsAfter, TrainerState resumeFrom, int checkpointEvery, java.util.function.Consumer<TrainerState> save) {
    double[] theta = (resumeFrom == null ? theta0 : resumeFrom.theta()).clone();
    if (theta.length != shape.size()) {
      throw new IllegalArgumentException(theta.length + " parameters for a network of " + shape.size());
    }
    Optimizer optimizer = s.optimizer().create();
    MinibatchPlan plan = MinibatchPlan.of(s.seed(), s.batchSize(), train.size());
    List<EpochRecord> history = new ArrayList<>();
    double[] best = theta.clone();
    double bestAccuracy = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0, steps = 0, firstEpoch = 1;
    boolean stopped = false;
    long start = System.nanoTime();
    long monitorNanos = 0;
    progress.levelStarted(level, shape.depth(), s.epochs());
    // Full batch: the epoch's accuracy is that of the parameters before its one step.
    double[] before = plan.fullBatch() ? new double[theta.length] : null;
    // One objective for the whole run when every epoch's batch is the whole set and the value at a
    // point depends on that point alone: L-BFGS then reuses the value at the point it accepted
    // instead of evaluating it again (a Spark job per step saved). A warm-started MGRIT solve
    // gives a better value at the second call, so it is asked again at the start of every step.
    Objective fullBatch = plan.fullBatch() ? train.objective(shape, s.regularization(), propagation, plan, 1, 0) : null;
    if (resumeFrom != null) {
      history.addAll(resumeFrom.history());
      best = resumeFrom.best().clone();
      bestAccuracy = resumeFrom.bestScore();
      bestEpoch = resumeFrom.bestEpoch();
      steps = resumeFrom.steps();
      firstEpoch = resumeFrom.epoch() + 1;
      start -= (long) (resumeFrom.seconds() * 1e9);
      optimizer.restore(resumeFrom.optimizer(), fullBatch != null && !propagation.keepsShardState() ? fullBatch : null);
    }
    for (int epoch = firstEpoch; epoch <= s.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      if (before != null) System.arraycopy(theta, 0, before, 0, theta.length);
      int e = epoch, stepsBefore = steps;
      // Minibatches: the whole epoch where the examples live, if the source can; else step by step from here.
      if (fullBatch == null) {
        labels.next(StepLabels.steps(level, shape.depth(), epoch, s.epochs(), steps + 1, steps + plan.batchesPerEpoch()));
      }
      BatchSource.EpochEnd whole = fullBatch != null ? null : train.wholeEpoch(theta, s.optimizer(), optimizer.state(),
          shape, s.regularization(), propagation, plan, epoch);
      EpochSteps.Sums sums;
      if (whole != null) {
        System.arraycopy(whole.theta(), 0, theta, 0, theta.length);
        optimizer.restore(whole.optimizer(), null);
        sums = whole.sums();
      } else {
        sums = EpochSteps.run(optimizer, theta, plan.batchesPerEpoch(),
            b -> fullBatch != null && !propagation.keepsShardState()
                ? fullBatch : train.objective(shape, s.regularization(), propagation, plan, e, b),
            b -> labels.next(StepLabels.step(level, shape.depth(), e, s.epochs(), stepsBefore + b + 1)));
      }
      steps += sums.steps();
      double lossSum = sums.lossSum(), correct = sums.correct();
      long count = sums.count();
      GradientSum val = validation == null ? null
          : BatchEvaluation.evaluate(new ResNet(shape, theta), new SerialPropagation(), validation, false, 0);
      double valAccuracy = val == null ? Double.NaN : val.accuracy();
      double epochSeconds = (System.nanoTime() - epochStart) * 1e-9;
      double trainAccuracy = correct / count;
      SolveCounts solves = propagation.drainCounts();
      EpochRecord r = new EpochRecord(level, shape.depth(), epoch, steps, lossSum / count, trainAccuracy,
          val == null ? Double.NaN : val.meanLoss(), valAccuracy, elapsedBefore + (System.nanoTime() - start - monitorNanos) * 1e-9,
          epochSeconds, solves.meanForwardIterations(), solves.meanBackwardIterations(), solves.lastForwardResidual(),
          count / epochSeconds);
      history.add(r);
      double score = val == null ? trainAccuracy : valAccuracy;
      if (!s.keepBest() || score >= bestAccuracy) { // ties go to the later, better-fitted epoch
        bestAccuracy = score;
        bestEpoch = epoch;
        System.arraycopy(theta, 0, best, 0, theta.length);
      }
      stopped = method.afterEpoch(r, shape, theta);
      long monitorStart = System.nanoTime();
      stopped |= monitor.afterEpoch(r, shape, theta);
      monitorNanos += System.nanoTime() - monitorStart;
      boolean reached = trainAccuracy >= s.stopAtTrainAccuracy();
      boolean last = epoch == s.epochs() || reached || stopped;
      if (reached && before != null && !s.keepBest()) {
        // Hand on the parameters that reached the threshold, not those after one more step
        // (which a fresh optimiser's first step may have made worse).
        System.arraycopy(before, 0, best, 0, theta.length);
      }
      if (epoch % s.progressEvery() == 0 || last) progress.epoch(r, s.epochs(), levelsAfter);
      checkLoss(r.trainLoss(), shape, s, level, epoch);
      if (last) break;
      optimizer.scaleLearningRate(s.learningRateDecay());
      if (checkpointEvery > 0 && epoch % checkpointEvery == 0) {
        // Not charged to the run, as a monitor is not: runs with and without checkpoints stay comparable.
        long saveStart = System.nanoTime();
        save.accept(new TrainerState(epoch, steps, theta.clone(), best.clone(), bestAccuracy, bestEpoch, optimizer.state(),
            history, (saveStart - start - monitorNanos) * 1e-9));
        monitorNanos += System.nanoTime() - saveStart;
      }
    }
    return new TrainingResult(shape, best, history, bestEpoch, steps, (System.nanoTime() - start - monitorNanos) * 1e-9,
        stopped);
  }
}
