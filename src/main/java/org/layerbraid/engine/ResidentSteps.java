package org.layerbraid.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.model.ResNet;
import org.layerbraid.resnet.AdjointGradient;
import org.layerbraid.resnet.WholeSteps;

/**
 * A whole training step in one barrier stage: task shard · B + b holds forward block b of its data
 * shard and adjoint block B − 1 − b (the adjoint runs in reversed time) through the forward solve,
 * the classifier, the adjoint solve and the gradient, each solve run by the same cycle on a
 * {@link ResidentTaskEngine}. The forward states never leave the tasks: the last block's task
 * classifies u_N and sends λ_N to the other tasks of its shard, and the adjoint's aux data
 * (aux_i = u_{N−i−1}) is the task's own forward states, but for the few at block edges, which the
 * neighbouring task sends. Only u_0 and the labels go out (one broadcast with the
 * network), and only the gradient's nonzero span per task, the classifier's sums and λ_0 come
 * back. Against {@link ResidentEngine} solve by solve, that spares the driver two trips of all
 * depth + 1 states per step and one of the two stages.
 *
 * <p>A failed task makes Spark rerun the stage whole from the same broadcast inputs, so the step
 * gives the same numbers. Every task must have a slot at once (barrier mode, {@link BarrierSlots}):
 * when the slots are too few at the start, or drop below the tasks while the stage runs, the step
 * is not run here ({@link #run} gives null) and goes solve by solve instead.
 */
public final class ResidentSteps implements WholeSteps {
  private static final long serialVersionUID = 1L;
  private final transient JavaSparkContext sc;
  private final int layerBlocks;
  private final int dataShards;
  private final String jobGroup;
  private int stepsRun;

  public ResidentSteps(JavaSparkContext sc, int layerBlocks, int dataShards) {
    if (layerBlocks < 1 || dataShards < 1) {
      throw new IllegalArgumentException("layer blocks and data shards must be >= 1, got " + layerBlocks + ", " + dataShards);
    }
    this.sc = sc;
    this.layerBlocks = layerBlocks;
    this.dataShards = dataShards;
    this.jobGroup = "layerbraid-resident-steps-" + System.identityHashCode(this);
  }

  /** The context the steps run in (on the driver). */
  public JavaSparkContext context() { return sc; }

  /** The layer blocks each data shard is cut into. */
  public int layerBlocks() { return layerBlocks; }

  public int dataShards() { return dataShards; }

  /** Steps run by {@link #run}, one stage each (not those of epochs run in the tasks). */
  public int stepsRun() { return stepsRun; }

  /** The job group the steps' jobs run in (for status queries). */
  public String jobGroup() { return jobGroup; }

  /** Spark stages run by the steps so far. */
  public long stages() { return BlockRdds.stagesRun(sc, jobGroup); }

  /** What the tasks of one step need: the problem, and u_0 and the labels cut into data shards. */
  private record Inputs(Problem problem, List<double[]> u0, List<int[]> labels, int layerBlocks) implements Serializable {}

  /** The nonzero span of a gradient: a task's layers touch only their own parameters. */
  private record Span(int from, double[] values) implements Serializable {
    static Span of(double[] full) {
      int from = 0, to = full.length;
      while (from < to && full[from] == 0) from++;
      while (to > from && full[to - 1] == 0) to--;
      return new Span(from, java.util.Arrays.copyOfRange(full, from, to));
    }

    /** target += this */
    void addTo(double[] target) {
      for (int i = 0; i < values.length; i++) target[from + i] += values[i];
    }
  }

  /**
   * One task's share: its layers' gradient; with the last forward block of a shard the classifier's
   * gradient and sums, with the first λ_0 (empty and zero elsewhere); task 0 carries the solves'
   * histories, which every task has alike.
   */
  private record Share(int task, Span grad, double lossSum, int correct, int count, double[] lambda0,
      ConvergenceHistory forward, ConvergenceHistory backward) implements Serializable {}

  @Override
  public Result run(Problem p, double[] u0, int[] labels) {
    int blocks = Layout.starts(p.forward().level(0), layerBlocks).length;
    if (Layout.starts(p.backward().level(0), layerBlocks).length != blocks) {
      throw new IllegalArgumentException("the forward and adjoint solves cut into " + blocks + " and "
          + Layout.starts(p.backward().level(0), layerBlocks).length + " blocks; a whole step needs the same cut");
    }
    int tasks = blocks * dataShards;
    if (tasks > BarrierSlots.free(sc)) return null;
    ColumnShards shards = new ColumnShards(p.net().shape().width(), dataShards);
    Broadcast<Inputs> in = sc.broadcast(new Inputs(p, shards.split(u0), shards.splitColumns(labels), layerBlocks));
    BarrierStage.describe(sc, jobGroup, "training step (forward, classifier, adjoint, gradient) in " + tasks
        + " resident tasks");
    try {
      String key = jobGroup + "-step-" + (++stepsRun);
      Optional<List<Share>> shares = BarrierSlots.whileEnough(sc, tasks,
          () -> BarrierStage.run(sc, tasks, key, links -> share(in.value(), links)).collect());
      return shares.map(list -> combine(list, p.net().shape().size(), shards, blocks)).orElse(null);
    } finally {
      in.destroy();
    }
  }

  /** One task's share of a step: its part, the gradients cut to their nonzero spans; task 0 carries the histories. */
  private static Share share(Inputs in, TaskLinks links) {
    int blocks = Layout.starts(in.problem().forward().level(0), in.layerBlocks()).length, shard = links.self() / blocks;
    TaskStep t = inTask(in.problem(), links, in.layerBlocks(), in.u0().get(shard), in.labels().get(shard),
        new double[in.problem().net().shape().size()]);
    boolean first = links.self() == 0;
    return new Share(links.self(), Span.of(t.grad()), t.lossSum(), t.correct(), t.count(),
        t.lambda0(), first ? t.forward() : null, first ? t.backward() : null);
  }

  /** The step's result from the tasks' shares, gradient spans added in task order. */
  private static Result combine(List<Share> shares, int parameters, ColumnShards shards, int blocks) {
    shares = new ArrayList<>(shares);
    shares.sort(Comparator.comparingInt(Share::task));
    double[] grad = new double[parameters];
    double lossSum = 0;
    int correct = 0, count = 0;
    List<double[]> lambda0 = new ArrayList<>();
    for (Share s : shares) {
      s.grad().addTo(grad);
      if (s.task() % blocks == 0) lambda0.add(s.lambda0());
      if (s.task() % blocks == blocks - 1) {
        lossSum += s.lossSum();
        correct += s.correct();
        count += s.count();
      }
    }
    Share first = shares.get(0);
    return new Result(first.forward(), first.backward(), lossSum, correct, count, shards.join(lambda0), grad);
  }

  /**
   * What one task of a step gives: the gradient of its adjoint block's layers and, with the last
   * forward block of its shard, the classifier's gradient and sums (zero elsewhere), both in
   * {@code grad}; with forward block 0 λ_0 (null elsewhere); and the two solves' histories (alike in
   * every task).
   */
  public record TaskStep(double[] grad, double lossSum, int correct, int count, double[] lambda0,
      ConvergenceHistory forward, ConvergenceHistory backward) {}

  /**
   * This task's part of a step, inside a barrier stage of layer blocks × data shards linked by
   * {@code links}, for the batch whose opened states (this task's shard of them) are u0, with the
   * shard's labels: the same work {@link #run} hands every task. The gradients are added into
   * {@code grad}, of the whole parameter vector's length and zero where this task's parts go: a
   * task that takes many steps clears those parts and passes the same array again, rather than
   * filling a new one (at depth 1024 and width 64, 34 MB) every step.
   */
  public static TaskStep inTask(Problem p, TaskLinks links, int layerBlocks, double[] u0, int[] labels, double[] grad) {
    return new StepTask(p, links, layerBlocks).run(u0, labels, grad);
  }

  /** What one task does, in step with the others. */
  private static final class StepTask {
    private final Problem p;
    private final TaskLinks links;
    private final int layerBlocks;
    private final int blocks;
    private final int shard;
    private final int block;

    StepTask(Problem p, TaskLinks links, int layerBlocks) {
      this.p = p;
      this.links = links;
      this.layerBlocks = layerBlocks;
      this.blocks = Layout.starts(p.forward().level(0), layerBlocks).length;
      this.shard = links.self() / blocks;
      this.block = links.self() % blocks;
    }

    private int task(int b) { return shard * blocks + b; }

    /** The adjoint block this task holds: the solve runs in reversed time, so block B − 1 − b sits with forward block b. */
    private int adjointBlock(int forwardBlock) { return blocks - 1 - forwardBlock; }

    TaskStep run(double[] u0, int[] labels, double[] grad) {
      ResidentTaskEngine forward = new ResidentTaskEngine(p.forward(), p.forwardStepper(), layerBlocks, links,
          cold(p.forward().level(0), block, u0, null));
      ConvergenceHistory forwardHistory = forward.solve(new Mgrit<>(p.forward(), p.forwardOptions()));
      Block<double[]> states = forward.fineBlock();

      ResNet.ClassifierResult head = null;
      double[] lambdaN;
      if (block == blocks - 1) {
        head = p.net().classify(states.state(states.size() - 1), labels, grad);
        lambdaN = head.lambda();
        for (int b = 0; b < blocks - 1; b++) links.send(task(b), TaskLinks.encode(lambdaN));
      } else {
        lambdaN = TaskLinks.decode(links.receive(task(blocks - 1)));
      }

      ResidentTaskEngine backward = new ResidentTaskEngine(p.backward(), p.adjointStepper(), layerBlocks, links,
          cold(p.backward().level(0), adjointBlock(block), lambdaN, adjointAux(states)), true);
      ConvergenceHistory backwardHistory = backward.solve(new Mgrit<>(p.backward(), p.backwardOptions()));
      Block<double[]> adjoints = backward.fineBlock();
      // λ_0 is the adjoint's last point, in its last block: with forward block 0.
      return new TaskStep(AdjointGradient.ofBlock(adjoints, p.adjointStepper(), grad),
          head == null ? 0 : head.lossSum(), head == null ? 0 : head.correct(), head == null ? 0 : head.count(),
          block == 0 ? adjoints.state(adjoints.size() - 1) : null, forwardHistory, backwardHistory);
    }

    /** Block b of a level with the given state at every point (a cold start). */
    private Block<double[]> cold(Level level, int b, double[] state, List<double[]> aux) {
      int[] starts = Layout.starts(level, layerBlocks);
      int end = Layout.end(level, starts, b);
      return Block.of(level, starts[b], Collections.nCopies(end - starts[b], state), aux);
    }

    /** Forward points [from, to] that adjoint block a needs as aux data: u_{N−i−1} for its points i. */
    private int[] needs(int a) {
      Level level = p.backward().level(0);
      int[] starts = Layout.starts(level, layerBlocks);
      int depth = level.numPoints() - 1, end = Layout.end(level, starts, a);
      return new int[] {Math.max(0, depth - end), depth - starts[a] - 1};
    }

    /** Forward points [from, to] that forward block b holds. */
    private int[] holds(int b) {
      Level level = p.forward().level(0);
      int[] starts = Layout.starts(level, layerBlocks);
      return new int[] {starts[b], Layout.end(level, starts, b) - 1};
    }

    private static int[] overlap(int[] a, int[] b) {
      return new int[] {Math.max(a[0], b[0]), Math.min(a[1], b[1])};
    }

    /**
     * The aux data of this task's adjoint block: the forward states it needs, most of them its own
     * (the blocks are reversed), the rest sent by the tasks that hold them, one message a state
     * (every task knows the cut, so sender and receiver agree on who sends what, and in which order).
     */
    private List<double[]> adjointAux(Block<double[]> states) {
      int[] mine = holds(block);
      for (int r = 0; r < blocks; r++) {
        int[] o = overlap(needs(adjointBlock(r)), mine);
        if (r == block || o[0] > o[1]) continue;
        for (int n = o[0]; n <= o[1]; n++) links.send(task(r), TaskLinks.encode(states.state(n - mine[0])));
      }
      int a = adjointBlock(block);
      int[] need = needs(a);
      double[][] forward = new double[Math.max(0, need[1] - need[0] + 1)][];
      for (int q = 0; q < blocks; q++) {
        int[] o = overlap(need, holds(q));
        if (o[0] > o[1]) continue;
        for (int n = o[0]; n <= o[1]; n++) {
          forward[n - need[0]] = q == block ? states.state(n - mine[0]) : TaskLinks.decode(links.receive(task(q)));
        }
      }
      Level level = p.backward().level(0);
      int[] starts = Layout.starts(level, layerBlocks);
      int depth = level.numPoints() - 1, end = Layout.end(level, starts, a);
      List<double[]> aux = new ArrayList<>(end - starts[a]);
      for (int i = starts[a]; i < end; i++) aux.add(i == depth ? null : forward[depth - i - 1 - need[0]]);
      return aux;
    }
  }
}
