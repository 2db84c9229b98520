package org.layerbraid.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.data.Examples;
import org.layerbraid.engine.BarrierSlots;
import org.layerbraid.engine.BarrierStage;
import org.layerbraid.engine.ResidentSteps;
import org.layerbraid.engine.ResidentWeights;
import org.layerbraid.engine.TaskLinks;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.resnet.WholeSteps;

/**
 * A minibatch epoch of layer-parallel training in one barrier stage, the weights resident in the
 * tasks: task b holds layer block b's slice of the parameters and of the optimiser's state
 * ({@link ResidentWeights}), and every step of the epoch runs there — block 0 opens the batch and
 * sends u_0 along, the tasks run the whole step ({@link ResidentSteps#inTask}), each gets the
 * complete gradient of its own slice and takes the optimiser's step on it. Per step only u_0, λ_N,
 * the block-edge states and layers and the coarse levels' means cross between tasks; the weights
 * go out and come back once per epoch, not once per step, which is what caps a whole step's
 * speed-up over serial propagation.
 *
 * <p>The same steps on the same numbers as the epoch taken step by step with whole steps (rounding
 * aside where a coarse mean spans several tasks' layers), so it runs only where that holds: one
 * data shard, an optimiser that steps element by element (Adam, gradient descent; not L-BFGS,
 * whose line search needs the whole gradient), and a free slot for every task. Elsewhere
 * {@link #run} gives null and the trainer takes the steps itself. A minibatch is solved whole here:
 * its states are spread over the tasks, where the driver's path cuts a batch whose states pass
 * 64 MB into chunks (the same sum, rounded otherwise).
 */
final class ResidentEpochs {
  private ResidentEpochs() {}

  /** What every task starts the epoch from: the step's problem at the epoch's weights, and how to step. */
  private record Start(WholeSteps.Problem problem, CoarseWeights coarse, int layerBlocks,
      Optimizer.Settings settings, Optimizer.State state, Regularization reg, MinibatchPlan plan, int epoch)
      implements Serializable {}

  /** A task's end of the epoch: its slice of the parameters and the optimiser's state; the last task's sums, task 0's histories. */
  private record Part(int task, double[] theta, Optimizer.State state, EpochSteps.Sums sums,
      List<ConvergenceHistory> histories) implements Serializable {}

  /** The epoch from theta, or null where it cannot run so (see the class comment). */
  static BatchSource.EpochEnd run(MgritPropagation mgrit, JoinedBatchSource source, double[] theta,
      Optimizer.Settings settings, Optimizer.State state, NetworkShape shape, Regularization reg, MinibatchPlan plan,
      int epoch) {
    if (!settings.kind().elementwise() || plan.fullBatch() || !(mgrit.wholeSteps() instanceof ResidentSteps steps)
        || steps.dataShards() != 1) {
      return null;
    }
    ResNet net = new ResNet(shape, theta);
    WholeSteps.Problem problem = mgrit.wholeProblem(net, mgrit.coarseWeights().over(net));
    if (problem == null) return null;
    int tasks = Layout.starts(problem.forward().level(0), steps.layerBlocks()).length;
    if (Layout.starts(problem.backward().level(0), steps.layerBlocks()).length != tasks || !batchesFit(mgrit, source,
        shape, plan, epoch)) {
      return null;
    }
    JavaSparkContext sc = steps.context();
    if (tasks > BarrierSlots.free(sc)) return null;
    Broadcast<JoinedBatchSource> batches = source.shared(sc);
    Broadcast<Start> start = sc.broadcast(new Start(problem, mgrit.coarseWeights(), steps.layerBlocks(), settings, state,
        reg, plan, epoch));
    try {
      String key = "layerbraid-resident-epoch-" + UUID.randomUUID();
      List<Part> parts = BarrierSlots.whileEnough(sc, tasks, () -> BarrierStage.run(sc, tasks, key,
          links -> epochInTask(start.value(), batches.value(), links)).collect()).orElse(null);
      if (parts == null) return null;
      parts = new ArrayList<>(parts);
      parts.sort(Comparator.comparingInt(Part::task));
      double[] end = new double[theta.length];
      int at = 0;
      List<Optimizer.State> states = new ArrayList<>();
      for (Part p : parts) {
        System.arraycopy(p.theta(), 0, end, at, p.theta().length);
        at += p.theta().length;
        states.add(p.state());
      }
      // Checked here as after a whole step: a solve that blew up stops the run at its step.
      List<ConvergenceHistory> h = parts.get(0).histories();
      for (int i = 0; i < h.size(); i += 2) mgrit.countWholeStep(h.get(i), h.get(i + 1), shape);
      return new BatchSource.EpochEnd(end, Optimizer.State.joined(states), parts.get(parts.size() - 1).sums());
    } finally {
      start.destroy();
    }
  }

  /**
   * Whether every batch of the epoch can be solved whole in the tasks with the numbers the driver's
   * path gives: none is empty (that path says so), and unless the solves run a fixed number of cycles
   * none is large enough that the driver would cut it into chunks, each solved to tolerance alone.
   */
  private static boolean batchesFit(MgritPropagation mgrit, JoinedBatchSource source, NetworkShape shape,
      MinibatchPlan plan, int epoch) {
    int chunk = BatchEvaluation.chunkSize(shape);
    for (int b = 0; b < plan.batchesPerEpoch(); b++) {
      int size = source.labels(plan, epoch, b).length;
      if (size == 0 || (size > chunk && !mgrit.fixedCycles())) return false;
    }
    return true;
  }

  /** One task's epoch: every step of it on its own slice, in step with the other tasks. */
  private static Part epochInTask(Start st, JoinedBatchSource batches, TaskLinks links) {
    int self = links.self();
    double[] theta = st.problem().net().parameters().clone();
    ResidentWeights weights = new ResidentWeights(st.problem(), st.coarse(), st.layerBlocks(), self, theta);
    WholeSteps.Problem problem = st.problem().on(weights.net(), weights);
    NetworkShape shape = problem.net().shape();
    int from = weights.from(self), to = weights.to(self), last = weights.tasks() - 1;
    int[] layers = weights.layers(self);
    Optimizer optimizer = st.settings().create();
    optimizer.restore(st.state().slice(from, to), null);
    double[] mine = Arrays.copyOfRange(theta, from, to);
    List<ConvergenceHistory> histories = new ArrayList<>();
    double[] grad = new double[theta.length]; // cleared after every step where the step wrote
    boolean[] blewUp = {false};
    EpochSteps.Sums sums = EpochSteps.run(optimizer, mine, st.plan().batchesPerEpoch(), b -> (point, withGradient) -> {
      // Only task 0 opens the batch and only the last task classifies it: the others need its size alone.
      Examples batch = self == 0 ? batches.batch(st.plan(), st.epoch(), b) : null;
      int[] labels = self == 0 ? batch.labels() : batches.labels(st.plan(), st.epoch(), b);
      int count = labels.length;
      if (blewUp[0]) { // every task saw the same residuals: all stop stepping here, and the driver says why
        return new Objective.Evaluation(Double.NaN, Double.NaN, Double.NaN, count, new double[to - from]);
      }
      System.arraycopy(point, 0, theta, from, to - from);
      weights.refresh(links);
      double[] u0 = weights.opened(links, () -> problem.net().open(batch.features(), count));
      ResidentSteps.TaskStep step = ResidentSteps.inTask(problem, links, st.layerBlocks(), u0, labels, grad);
      histories.add(step.forward());
      histories.add(step.backward());
      blewUp[0] = step.forward().firstNonFinite(problem.forwardOptions().skip()) >= 0
          || step.backward().firstNonFinite(problem.backwardOptions().skip()) >= 0;
      // As the driver's sum: every gradient element made once, into zeros, then divided and regularised.
      weights.routeGradients(links, grad);
      if (self == 0) problem.net().openAdjoint(batch.features(), count, step.lambda0(), grad);
      for (int i = from; i < to; i++) grad[i] /= count;
      st.reg().addValueAndGradient(shape, theta, grad, layers[0], layers[1], self == last);
      double meanLoss = self == last ? step.lossSum() / count : 0;
      double[] slice = Arrays.copyOfRange(grad, from, to);
      weights.clear(grad);
      // No task holds the objective's whole value, and nothing in an epoch reads it.
      return new Objective.Evaluation(Double.NaN, meanLoss, self == last ? (double) step.correct() / count : 0, count,
          slice);
    }, b -> {});
    return new Part(self, mine, optimizer.state(), self == last ? sums : null, self == 0 ? histories : null);
  }
}
