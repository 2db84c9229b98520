package org.layerbraid.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.TimeStepper;
import scala.Tuple2;

/**
 * The time points in long-running Spark tasks: a whole solve is one barrier stage of shard · B + b
 * tasks, task t holding block b of every level of its data shard for the whole solve, and running
 * the MGRIT cycle itself on a {@link ResidentTaskEngine}, in step with the others. Boundary states
 * and coarse-level pieces, the residual norms and the step counts go from task to task
 * ({@link TaskLinks}), never through the driver. The stage engine ({@link SparkEngine}) runs 13–16
 * stages per iteration; this one runs two per solve (the barrier stage and the stage that reads its
 * output, the blocks and the counts), plus one per read of the results.
 *
 * <p>The stage's inputs are the blocks made on the driver, broadcast one by one, and the stepper,
 * broadcast once: all kept until {@link #close}, so when a task fails Spark reruns the whole
 * stage from the same inputs and gets the same numbers. The stage's output, the solved fine
 * blocks, is shuffled once to tasks of an ordinary stage and kept there for {@link #states} and
 * {@link #sumVectors}; lost with an executor, it is made again by rerunning the solve's stage.
 *
 * <p>Barrier mode starts every task at once: the cluster needs a task slot for each
 * ({@link BarrierSlots}), when the solve starts and whenever Spark reruns its stage. Where the
 * slots are too few (a worker lost with its cores), a rerun stage would wait for ever: an engine
 * made with a stage engine to fall back on then runs the solve, from its initial states, on a
 * {@link SparkEngine} over the same hierarchy, stepper, layer partitions and data shards (equal to
 * the resident engine's numbers to round-off, not bit for bit), and answers the reads from it; the
 * next solve goes resident again if the slots are back. Without one, the solve is refused.
 *
 * <p>On the driver the engine answers initialize, solve, states and sumVectors of the finest level,
 * steps and stages; the cycle's own operations run in the tasks.
 */
public final class ResidentEngine implements Engine<double[]> {
  private static final Logger LOG = LogManager.getLogger(ResidentEngine.class);
  /**
   * Why the last solve went on the stage engine, null when the last one was resident: a run that
   * lost a worker falls back in every solve from then on, and says so once (and once when it ends).
   */
  private static final AtomicReference<String> FALLING_BACK = new AtomicReference<>();
  private final JavaSparkContext sc;
  private final Hierarchy hierarchy;
  private final TimeStepper<double[]> stepper;
  private final int layerBlocks;
  private final ColumnShards shards;
  private final String jobGroup;
  /** The stage engine's {@code checkpointEvery} when it is to run what does not fit the slots; 0 for none. */
  private final int stageCheckpointEvery;
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();
  private List<double[]> fineStates, fineAux;
  private Mgrit<double[]> cycle;
  /** The stage engine, once a solve has run on it; {@code onStages} says whether the last one ran there. */
  private SparkEngine stageEngine;
  private boolean onStages;
  private Broadcast<TimeStepper<double[]>> sharedStepper;
  private List<Broadcast<Block<double[]>>> initial;
  private JavaRDD<Solved> solved;
  private long steps;
  private int solves;

  /**
   * Engines that put each solve in one barrier stage of {@code layerPartitions} × {@code dataShards}
   * tasks, and refuse a solve whose tasks the slots left cannot all run (what a benchmark of this
   * engine wants).
   */
  public static EngineFactory<double[]> factory(JavaSparkContext sc, int layerPartitions, int dataShards, int width) {
    return (h, s) -> new ResidentEngine(sc, h, s, layerPartitions, new ColumnShards(width, dataShards));
  }

  /**
   * The same, except that a solve whose tasks the slots left cannot all run goes on the stage engine
   * ({@link SparkEngine} with {@code checkpointEvery}) instead: what a training run wants.
   */
  public static EngineFactory<double[]> factoryFallingBackToStages(JavaSparkContext sc, int layerPartitions,
      int dataShards, int width, int checkpointEvery) {
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
    return (h, s) -> new ResidentEngine(sc, h, s, layerPartitions, new ColumnShards(width, dataShards), checkpointEvery);
  }

  /** An engine that refuses a solve whose tasks the slots left cannot all run. */
  public ResidentEngine(JavaSparkContext sc, Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks,
      ColumnShards shards) {
    this(sc, hierarchy, stepper, layerBlocks, shards, 0);
  }

  /** An engine that runs such a solve on a stage engine cutting its lineage every {@code stageCheckpointEvery} operations. */
  public ResidentEngine(JavaSparkContext sc, Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks,
      ColumnShards shards, int stageCheckpointEvery) {
    if (layerBlocks < 1) throw new IllegalArgumentException("layerBlocks must be >= 1, got " + layerBlocks);
    this.sc = sc;
    this.hierarchy = hierarchy;
    this.stepper = stepper;
    this.layerBlocks = layerBlocks;
    this.shards = shards;
    this.stageCheckpointEvery = stageCheckpointEvery;
    this.jobGroup = "layerbraid-resident-" + System.identityHashCode(this);
  }

  /** The job group the engine's jobs run in (for status queries). */
  public String jobGroup() { return jobGroup; }

  /** One task's block when the cycle is done, with the steps the task took. */
  record Solved(int task, Block<double[]> block, long steps, ConvergenceHistory history) implements Serializable {}

  @Override
  public void initialize(List<double[]> fineStates, List<double[]> fineAux) {
    Level fine = hierarchy.level(0);
    List<List<double[]>> states = shards.byShard(fineStates), aux = fineAux == null ? null : shards.byShard(fineAux);
    List<Broadcast<Block<double[]>>> blocks = new ArrayList<>();
    for (int s = 0; s < shards.shards(); s++) {
      for (Block<double[]> b : Layout.cut(fine, states.get(s), aux == null ? null : aux.get(s), layerBlocks)) {
        blocks.add(keep(sc.broadcast(b)));
      }
    }
    initial = blocks;
    this.fineStates = fineStates;
    this.fineAux = fineAux;
  }

  @Override
  public ConvergenceHistory solve(Mgrit<double[]> cycle) {
    if (initial == null) throw new IllegalStateException("initialize the fine states before solving");
    this.cycle = cycle;
    int tasks = initial.size();
    if (tasks > BarrierSlots.free(sc)) return solveOnStages("");
    onStages = false;
    Broadcast<TimeStepper<double[]>> st = sharedStepper();
    List<Broadcast<Block<double[]>>> blocks = initial;
    Hierarchy h = hierarchy;
    int lb = layerBlocks;
    BarrierStage.describe(sc, jobGroup, "MGRIT solve in " + tasks + " resident tasks");
    String key = jobGroup + "-solve-" + (++solves);
    if (solved != null) solved.unpersist(false);
    // Kept for states and sumVectors: lost with an executor, made again by rerunning the barrier stage.
    solved = BarrierStage.run(sc, tasks, key, links -> runCycle(cycle, h, st, blocks, lb, links))
        .persist(StorageLevel.MEMORY_ONLY());
    Optional<List<Tuple2<Long, ConvergenceHistory>>> counts = BarrierSlots.whileEnough(sc, tasks,
        () -> solved.map(s -> new Tuple2<>(s.steps(), s.history())).collect());
    if (counts.isEmpty()) return solveOnStages(" (they dropped during the solve)");
    if (FALLING_BACK.getAndSet(null) != null) {
      LOG.info("MGRIT solves resident again: the live executors offer the " + tasks + " task slots they need");
    }
    ConvergenceHistory history = null;
    for (Tuple2<Long, ConvergenceHistory> r : counts.get()) {
      steps += r._1;
      if (r._2 != null) history = r._2;
    }
    return history;
  }

  /**
   * Runs the solve on the stage engine from its initial states, logging why, or refuses it when this
   * engine has no stage engine to fall back on; {@code when} tells when the slots were found short.
   */
  private ConvergenceHistory solveOnStages(String when) {
    String why = "the resident engine runs its " + initial.size() + " tasks (layer partitions x data shards) at once,"
        + " but the live executors offer " + BarrierSlots.free(sc) + " task slots";
    if (stageCheckpointEvery == 0) {
      throw new IllegalArgumentException(why + when + ": use fewer mgrit.layerPartitions or mgrit.dataShards, or more"
          + " executor cores");
    }
    if (!why.equals(FALLING_BACK.getAndSet(why))) {
      LOG.warn("MGRIT solves on the stage engine instead, until the slots are back: " + why + when);
    }
    if (solved != null) solved.unpersist(false);
    solved = null;
    if (stageEngine == null) {
      stageEngine = new SparkEngine(sc, hierarchy, stepper, layerBlocks, shards, stageCheckpointEvery);
    }
    stageEngine.initialize(fineStates, fineAux);
    onStages = true;
    return stageEngine.solve(cycle);
  }

  /**
   * A read of the solve's output: from the solved blocks, which a job after a loss may have to make
   * again by rerunning the barrier stage; when the slots are too few for it, from the solve run again
   * on the stage engine.
   */
  private <T> T read(int level, Function<JavaPairRDD<Integer, Block<double[]>>, T> resident,
      Function<Engine<double[]>, T> staged) {
    if (!onStages) {
      JavaPairRDD<Integer, Block<double[]>> blocks = fineBlocks(level);
      Optional<T> r = BarrierSlots.whileEnough(sc, initial.size(), () -> resident.apply(blocks));
      if (r.isPresent()) return r.get();
      solveOnStages(" (they dropped while the solve's output was read)");
    }
    return staged.apply(stageEngine);
  }

  /** A task's part of the solve: its blocks, the cycle in step with the other tasks, and its block back. */
  private static Solved runCycle(Mgrit<double[]> cycle, Hierarchy hierarchy, Broadcast<TimeStepper<double[]>> stepper,
      List<Broadcast<Block<double[]>>> blocks, int layerBlocks, TaskLinks links) {
    int t = links.self();
    ResidentTaskEngine engine = new ResidentTaskEngine(hierarchy, stepper.value(), layerBlocks, links,
        blocks.get(t).value().copy());
    ConvergenceHistory history = engine.solve(cycle);
    // Every task's history is the same (norms and steps are summed over all): one travels.
    return new Solved(t, engine.fineBlock(), engine.localSteps(), t == 0 ? history : null);
  }

  /** The stepper, broadcast once for the solve and the reads after it. */
  private Broadcast<TimeStepper<double[]>> sharedStepper() {
    if (sharedStepper == null) sharedStepper = keep(sc.broadcast(stepper));
    return sharedStepper;
  }

  private <B extends Broadcast<?>> B keep(B b) {
    broadcasts.add(b);
    return b;
  }

  private JavaPairRDD<Integer, Block<double[]>> fineBlocks(int level) {
    if (level != 0 || solved == null) {
      throw new IllegalStateException("the resident engine holds the finest level's blocks after a solve, asked for level "
          + level + (solved == null ? " before any solve" : ""));
    }
    return solved.mapToPair(s -> new Tuple2<>(s.task(), s.block()));
  }

  @Override
  public List<double[]> states(int level) {
    return read(level, b -> BlockRdds.states(b, hierarchy.level(0), layerBlocks, shards), e -> e.states(level));
  }

  @Override
  public double[] sumVectors(int level, BlockVector<double[]> function) {
    return read(level, b -> BlockRdds.sumVectors(b, sharedStepper(), function), e -> e.sumVectors(level, function));
  }

  /** Steps of the resident solves, and of any the stage engine ran. */
  @Override
  public long steps() { return steps + (stageEngine == null ? 0 : stageEngine.steps()); }

  @Override
  public long stages() { return BlockRdds.stagesRun(sc, jobGroup) + (stageEngine == null ? 0 : stageEngine.stages()); }

  private static IllegalStateException inTasks() {
    return new IllegalStateException("the resident engine runs the cycle's operations inside its tasks: call solve");
  }

  @Override
  public void sweep(int level, Sweep<double[]> kernel) { throw inTasks(); }

  @Override
  public double measure(int level, Sweep<double[]> kernel) { throw inTasks(); }

  @Override
  public void exchange(int level) { throw inTasks(); }

  @Override
  public void inject(int coarseLevel, boolean withResidual) { throw inTasks(); }

  @Override
  public void correct(int coarseLevel) { throw inTasks(); }

  @Override
  public void solveInOrder(int level) { throw inTasks(); }

  @Override
  public void close() {
    if (stageEngine != null) stageEngine.close();
    if (solved != null) solved.unpersist(false);
    broadcasts.forEach(b -> b.destroy());
    broadcasts.clear();
  }
}
