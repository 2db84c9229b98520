package org.layerbraid.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkEnv;
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
import scala.reflect.ClassTag$;

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
 * <p>Barrier mode starts every task at once: the cluster needs a free task slot for each, which is
 * checked before the stage starts. On the driver the engine answers initialize, solve, states and
 * sumVectors of the finest level, steps and stages; the cycle's own operations run in the tasks.
 */
public final class ResidentEngine implements Engine<double[]> {
  private final JavaSparkContext sc;
  private final Hierarchy hierarchy;
  private final TimeStepper<double[]> stepper;
  private final int layerBlocks;
  private final ColumnShards shards;
  private final String jobGroup;
  private final List<Broadcast<?>> broadcasts = new ArrayList<>();
  private Broadcast<TimeStepper<double[]>> sharedStepper;
  private List<Broadcast<Block<double[]>>> initial;
  private JavaRDD<Solved> solved;
  private long steps;
  private int solves;

  /** Engines that put each solve in one barrier stage of {@code layerPartitions} × {@code dataShards} tasks. */
  public static EngineFactory<double[]> factory(JavaSparkContext sc, int layerPartitions, int dataShards, int width) {
    return (h, s) -> new ResidentEngine(sc, h, s, layerPartitions, new ColumnShards(width, dataShards));
  }

  public ResidentEngine(JavaSparkContext sc, Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks,
      ColumnShards shards) {
    if (layerBlocks < 1) throw new IllegalArgumentException("layerBlocks must be >= 1, got " + layerBlocks);
    this.sc = sc;
    this.hierarchy = hierarchy;
    this.stepper = stepper;
    this.layerBlocks = layerBlocks;
    this.shards = shards;
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
  }

  @Override
  public ConvergenceHistory solve(Mgrit<double[]> cycle) {
    if (initial == null) throw new IllegalStateException("initialize the fine states before solving");
    int tasks = initial.size();
    int slots = sc.defaultParallelism();
    if (tasks > slots) {
      throw new IllegalArgumentException("the resident engine runs its " + tasks + " tasks (layer partitions x data"
          + " shards) at once, but the cluster has " + slots + " task slots: use fewer mgrit.layerPartitions or"
          + " mgrit.dataShards, or more executor cores");
    }
    Broadcast<TimeStepper<double[]>> st = sharedStepper();
    List<Broadcast<Block<double[]>>> blocks = initial;
    Hierarchy h = hierarchy;
    int lb = layerBlocks;
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) ids.add(t);
    String context = sc.getLocalProperty(SparkEngine.CONTEXT_PROPERTY);
    String phase = "MGRIT solve in " + tasks + " resident tasks";
    sc.setJobGroup(jobGroup, context == null ? phase : context + ": " + phase, false);
    JavaRDD<Integer> taskIds = sc.parallelize(ids, tasks);
    String rendezvous = Rendezvous.onDriver(sc.getConf().get("spark.driver.host", "127.0.0.1")).address();
    String key = jobGroup + "-solve-" + (++solves);
    scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Solved>> run =
        new RunCycle(cycle, h, st, blocks, lb, rendezvous, key);
    JavaRDD<Solved> out = JavaRDD.fromRDD(taskIds.rdd().barrier().mapPartitions(run, false,
        ClassTag$.MODULE$.apply(Solved.class)), ClassTag$.MODULE$.apply(Solved.class));
    if (solved != null) solved.unpersist(false);
    // Everything read from the solve goes through a shuffle, so the barrier stage is only ever a map
    // stage: Spark reruns it whole when a task fails, or when an executor is lost with its output
    // (read again by states and sumVectors). A barrier result stage it cannot rerun, and a task of one
    // that recomputed a lost block would wait for the other tasks of a solve that is over.
    solved = out.mapToPair(s -> new Tuple2<>(s.task(), s)).partitionBy(new HashPartitioner(tasks)).values()
        .persist(StorageLevel.MEMORY_ONLY());
    ConvergenceHistory history = null;
    for (Tuple2<Long, ConvergenceHistory> r : solved.map(s -> new Tuple2<>(s.steps(), s.history())).collect()) {
      steps += r._1;
      if (r._2 != null) history = r._2;
    }
    return history;
  }

  /** The task body: links to the other tasks, this task's blocks, the cycle, and its block back. */
  private record RunCycle(Mgrit<double[]> cycle, Hierarchy hierarchy, Broadcast<TimeStepper<double[]>> stepper,
      List<Broadcast<Block<double[]>>> blocks, int layerBlocks, String rendezvous, String key)
      implements scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Solved>>, Serializable {
    @Override
    public scala.collection.Iterator<Solved> apply(scala.collection.Iterator<Integer> ids) {
      BarrierTaskContext context = BarrierTaskContext.get();
      int t = context.partitionId();
      String host = SparkEnv.get().blockManager().blockManagerId().host();
      try (TaskLinks links = new TaskLinks(context, blocks.size(), rendezvous,
          key + "-attempt-" + context.stageAttemptNumber(), host)) {
        ResidentTaskEngine engine = new ResidentTaskEngine(hierarchy, stepper.value(), layerBlocks, links,
            blocks.get(t).value().copy());
        ConvergenceHistory history = engine.solve(cycle);
        // Every task's history is the same (norms and steps are summed over all): one travels.
        Solved s = new Solved(t, engine.fineBlock(), engine.localSteps(), t == 0 ? history : null);
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(s).iterator());
      }
    }
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
    return BlockRdds.states(fineBlocks(level), hierarchy.level(0), layerBlocks, shards);
  }

  @Override
  public double[] sumVectors(int level, BlockVector<double[]> function) {
    return BlockRdds.sumVectors(fineBlocks(level), sharedStepper(), function);
  }

  @Override
  public long steps() { return steps; }

  @Override
  public long stages() { return BlockRdds.stagesRun(sc, jobGroup); }

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
    if (solved != null) solved.unpersist(false);
    broadcasts.forEach(b -> b.destroy());
    broadcasts.clear();
  }
}
