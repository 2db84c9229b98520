package org.layerbraid.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.Dependency;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Interpolation;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.Relaxation;
import org.layerbraid.mgrit.Restriction;
import org.layerbraid.mgrit.TimeStepper;
import scala.Tuple2;

/**
 * The time points in Spark: each level is a pair RDD of blocks keyed {@code shard · B + b}
 * (b-th layer block of data shard {@code shard}), one block per partition. A sweep is a
 * {@code mapValues} over the level's blocks; the boundary exchange shuffles only the one state each
 * block steps out of itself; injection and correction move C-point data between neighbouring
 * levels, within each partition where the levels' blocks are nested ({@link Layout#nested}) and by a
 * shuffle where they are not; the coarsest level is solved on the driver. The stepper
 * (network weights) is broadcast once per solve; blocks made on the driver (the initial states, the
 * coarsest level's solution) are broadcast one by one ({@link #fromDriver}), so no task carries
 * states and none are shuffled to their partition.
 *
 * <p>Operations are deferred: Spark pipelines consecutive sweeps into one stage and runs a job only
 * where the cycle needs an answer — the fine residual norm, the coarsest solve, the final states
 * — about two jobs per iteration. Steps are counted by an accumulator (work done, so a recomputed
 * task counts again).
 *
 * <p>Memory: a level's blocks are kept ({@link #store}) only where a second reader or a later job
 * needs them — before a boundary exchange (read for the outgoing states and again for the blocks),
 * before an injection (the fine level is read again by its next operation), and what a job reads.
 * Everything in between is pipelined, and a sweep updates the blocks its own task computed in
 * place; only blocks Spark holds in storage are copied first ({@link #own}). After every job, what
 * no level can need any more is released at once ({@link #release}), found by walking the levels'
 * lineage; every {@code checkpointEvery} operations on a level a stored RDD is a local checkpoint,
 * which cuts the lineage, so neither memory nor lineage grows with the number of iterations.
 *
 * <p>Losing an executor: local checkpoints and released driver blocks cannot be recomputed, so a
 * job that needs what was lost fails. The engine then replays the solve from its start
 * ({@link #calls}): every operation is deterministic and its inputs are the driver's, so the replay
 * gives the same numbers, and an undisturbed solve pays nothing for it (reliable checkpoints of the
 * states, the alternative, cost a write every few operations: docs/reliability.md).
 */
public final class SparkEngine implements Engine<double[]> {
  private static final Logger LOG = LogManager.getLogger(SparkEngine.class);
  private final JavaSparkContext sc;
  private final Hierarchy hierarchy;
  private final Broadcast<TimeStepper<double[]>> stepper;
  private final boolean auxFromLast;
  private final int layerBlocks;
  private final ColumnShards shards;
  private final int checkpointEvery;
  private final String jobGroup;
  private final LongAccumulator stepCounter;
  /** Each level's current blocks: what the level's next operation starts from. */
  private final List<JavaPairRDD<Integer, Block<double[]>>> levels = new ArrayList<>();
  /** Whether a level's current RDD hands out block objects held in Spark's storage (to be copied before an update). */
  private final boolean[] shared;
  /** Operations on each level since its lineage was last cut. */
  private final int[] sinceCheckpoint;
  /** RDDs this engine persisted (or locally checkpointed) and has not released yet. */
  private final List<RDD<?>> stored = new ArrayList<>();
  /** Ids of RDDs a finished job computed (so their stored blocks or shuffle output exist). */
  private final Set<Integer> ran = new HashSet<>();
  /** Ids of sweeps whose steps are not counted yet, because no job has run them. */
  private final Set<Integer> unrunSweeps = new HashSet<>();
  /** The broadcast blocks of each RDD made from the driver's blocks, by the RDD's id. */
  private final Map<Integer, DriverBlocks> broadcastBlocks = new HashMap<>();
  /** Every call since {@link #initialize}, in order: what a replay after a loss runs again. */
  private final List<java.util.function.Function<SparkEngine, Object>> calls = new ArrayList<>();
  /** How many of {@link #calls} the current levels reflect. */
  private int applied;
  private int replays;
  /** Replays per solve before a loss is reported as the failure it is. */
  private static final int MAX_REPLAYS = 3;
  /** Per number of partitions, the keys 0, 1, … hash-partitioned, one per partition (kept until close). */
  private final Map<Integer, JavaPairRDD<Integer, Integer>> keys = new HashMap<>();

  /**
   * @param layerBlocks     layer partitions per level (fewer where a level has fewer C-points)
   * @param shards          how states are split into data shards (rows = state width)
   * @param checkpointEvery cut a level's lineage after this many operations on it
   */
  public SparkEngine(JavaSparkContext sc, Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks,
      ColumnShards shards, int checkpointEvery) {
    if (layerBlocks < 1) throw new IllegalArgumentException("layerBlocks must be >= 1, got " + layerBlocks);
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
    if (KryoRecords.missingFrom(sc.getConf())) {
      throw new IllegalStateException("spark.serializer is Kryo, but " + KryoRecords.KEY + " does not name "
          + KryoRecords.class.getName() + ", without which Kryo cannot carry the engine's records: add it"
          + " (comma-separated after any registrator of your own)");
    }
    this.sc = sc;
    this.hierarchy = hierarchy;
    this.stepper = sc.broadcast(stepper);
    this.auxFromLast = stepper.coarseAuxFromLastFineStep();
    this.layerBlocks = layerBlocks;
    this.shards = shards;
    this.checkpointEvery = checkpointEvery;
    this.jobGroup = "layerbraid-mgrit-" + System.identityHashCode(this);
    this.shared = new boolean[hierarchy.numLevels()];
    this.sinceCheckpoint = new int[hierarchy.numLevels()];
    for (int l = 0; l < hierarchy.numLevels(); l++) levels.add(null);
    this.stepCounter = sc.sc().longAccumulator("layerbraid MGRIT steps");
  }

  private int blocks(int level) { return Layout.starts(hierarchy.level(level), layerBlocks).length; }

  private Partitioner partitioner(int level) { return new HashPartitioner(blocks(level) * shards.shards()); }

  /** The job group the engine's jobs run in (for status queries). */
  public String jobGroup() { return jobGroup; }

  /**
   * Thread-local Spark property with what the driver is doing around the solves (a training step);
   * the engine's job descriptions start with it, so the UI shows which step a solve belongs to.
   */
  public static final String CONTEXT_PROPERTY = "layerbraid.context";

  @Override
  public void describe(String phase) {
    String context = sc.getLocalProperty(CONTEXT_PROPERTY);
    sc.setJobGroup(jobGroup, context == null ? phase : context + ": " + phase, false);
  }

  @Override
  public void initialize(List<double[]> fineStates, List<double[]> fineAux) {
    call(e -> {
      e.doInitialize(fineStates, fineAux);
      return null;
    });
  }

  private void doInitialize(List<double[]> fineStates, List<double[]> fineAux) {
    Level fine = hierarchy.level(0);
    List<List<double[]>> states = shards.byShard(fineStates), aux = fineAux == null ? null : shards.byShard(fineAux);
    List<Block<double[]>> inKeyOrder = new ArrayList<>();
    for (int s = 0; s < shards.shards(); s++) {
      inKeyOrder.addAll(Layout.cut(fine, states.get(s), aux == null ? null : aux.get(s), layerBlocks));
    }
    setLevel(0, fromDriver(inKeyOrder), false);
  }


  /**
   * Blocks made on the driver, the i-th keyed i, as a level's RDD: each block is broadcast on its
   * own, so a task fetches only the block it holds, and the partitioning comes from {@link #keys},
   * so nothing is shuffled. Every computation makes its own copy (sweeps update it in place); the
   * broadcasts go when nothing can compute the RDD any more ({@link #release}).
   */
  private JavaPairRDD<Integer, Block<double[]>> fromDriver(List<Block<double[]>> inKeyOrder) {
    DriverBlocks blocks = new DriverBlocks(sc, inKeyOrder);
    JavaPairRDD<Integer, Block<double[]>> rdd = keys(inKeyOrder.size()).mapValues(blocks::copyOf);
    broadcastBlocks.put(rdd.id(), blocks);
    return rdd;
  }

  /**
   * Broadcast blocks, and what a task reads of them. Released, they are destroyed and the reference
   * dropped: a task serializes the whole narrow lineage of its RDD, stored ancestors included, so
   * their closures must still serialize after the data is gone.
   */
  private static final class DriverBlocks implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private List<Broadcast<Block<double[]>>> broadcasts = new ArrayList<>();

    DriverBlocks(JavaSparkContext sc, List<Block<double[]>> blocks) {
      for (Block<double[]> b : blocks) broadcasts.add(sc.broadcast(b));
    }

    Block<double[]> copyOf(int key) {
      if (broadcasts == null) {
        throw new IllegalStateException(LostBlocks.RELEASED);
      }
      return broadcasts.get(key).value().copy();
    }

    void release() {
      broadcasts.forEach(Broadcast::destroy);
      broadcasts = null;
    }
  }

  /**
   * The keys 0 … n−1 partitioned as the levels are (key k in partition k): the one shuffle it
   * takes moves only the keys, once per engine and partition count.
   */
  private JavaPairRDD<Integer, Integer> keys(int n) {
    return keys.computeIfAbsent(n, m -> {
      List<Tuple2<Integer, Integer>> list = new ArrayList<>();
      for (int k = 0; k < m; k++) list.add(new Tuple2<>(k, k));
      return sc.parallelizePairs(list, m).partitionBy(new HashPartitioner(m)).persist(StorageLevel.MEMORY_ONLY());
    });
  }

  /**
   * The block a task may update: blocks held in Spark's storage are shared objects (other tasks and
   * later jobs read them), so those are copied (shallowly: states are immutable values). A block the
   * task computed itself is updated in place: nothing else holds it, and a retried task computes it
   * afresh from stored blocks or shuffle output.
   */
  private static Block<double[]> own(Block<double[]> b, boolean shared) {
    return shared ? b.copy() : b;
  }

  @Override
  public void sweep(int level, Sweep<double[]> kernel) {
    call(e -> {
      e.doSweep(level, kernel);
      return null;
    });
  }

  private void doSweep(int level, Sweep<double[]> kernel) {
    Broadcast<TimeStepper<double[]>> st = stepper;
    LongAccumulator counter = stepCounter;
    boolean copy = shared[level];
    JavaPairRDD<Integer, Block<double[]>> next = levels.get(level).mapValues(b -> {
      Block<double[]> c = own(b, copy);
      counter.add((long) kernel.apply(c, st.value()));
      return c;
    });
    unrunSweeps.add(next.id());
    setLevel(level, next, false);
  }

  @Override
  public double measure(int level, Sweep<double[]> kernel) {
    return (Double) call(e -> e.doMeasure(level, kernel));
  }

  private double doMeasure(int level, Sweep<double[]> kernel) {
    Broadcast<TimeStepper<double[]>> st = stepper;
    boolean copy = shared[level];
    JavaPairRDD<Integer, Tuple2<Block<double[]>, Double>> measured = levels.get(level).mapValues(b -> {
      Block<double[]> c = own(b, copy);
      return new Tuple2<>(c, kernel.apply(c, st.value()));
    });
    store(measured.rdd(), level); // the kernel runs once: the values go to the driver, the blocks stay
    setLevel(level, measured.mapValues(Tuple2::_1), true);
    // Computes the level (and whatever deferred work it depends on): the engine's sync point.
    JavaPairRDD<Integer, Double> values = measured.mapValues(Tuple2::_2);
    List<Tuple2<Integer, Double>> sorted = new ArrayList<>(values.collect());
    ran(values.rdd());
    sorted.sort(Comparator.comparing(Tuple2::_1));
    double sum = 0;
    for (Tuple2<Integer, Double> v : sorted) sum += v._2;
    return sum;
  }

  /**
   * Runs the sweeps still deferred, if any (their steps are not counted before they run): one job
   * per level whose blocks depend on such a sweep, finest first, whose blocks are then kept for
   * what reads them next; then reads the counter.
   */
  @Override
  public long steps() {
    return (Long) call(SparkEngine::doSteps);
  }

  private long doSteps() {
    for (int l = 0; l < levels.size(); l++) {
      if (levels.get(l) == null) continue;
      Lineage pending = new Lineage(List.<RDD<?>>of(levels.get(l).rdd()));
      if (pending.computed.stream().noneMatch(unrunSweeps::contains)) continue;
      storeLevel(l);
      levels.get(l).count();
      ran(levels.get(l).rdd());
    }
    return stepCounter.value();
  }

  @Override
  public double[] sumVectors(int level, BlockVector<double[]> function) {
    return (double[]) call(e -> e.doSumVectors(level, function));
  }

  private double[] doSumVectors(int level, BlockVector<double[]> function) {
    storeLevel(level); // read again by whatever comes next (the final states)
    double[] sum = BlockRdds.sumVectors(levels.get(level), stepper, function);
    ran(levels.get(level).rdd());
    return sum;
  }

  @Override
  public void exchange(int level) {
    call(e -> {
      e.doExchange(level);
      return null;
    });
  }

  private void doExchange(int level) {
    storeLevel(level); // read twice: for the outgoing states, and for the blocks themselves
    JavaPairRDD<Integer, Block<double[]>> blocks = levels.get(level);
    int b = blocks(level);
    JavaPairRDD<Integer, double[]> outgoing = blocks
        .filter(kv -> kv._1 % b != b - 1)
        .mapToPair(kv -> new Tuple2<>(kv._1 + 1, kv._2.outgoing()));
    // Partitioned alike, the blocks stay where they are: only the outgoing states are shuffled.
    JavaPairRDD<Integer, Tuple2<Block<double[]>, Optional<double[]>>> joined =
        blocks.leftOuterJoin(outgoing, partitioner(level));
    setLevel(level, joined.mapValues(t -> {
      Block<double[]> c = own(t._1, true); // the stored block
      c.setIncoming(t._2.orNull());
      return c;
    }), false);
  }

  /** Whether the level's blocks hold exactly the C-points of the finer level's blocks, partition for partition. */
  private boolean nested(int coarseLevel) {
    return Layout.nested(hierarchy.level(coarseLevel - 1), hierarchy.level(coarseLevel), layerBlocks);
  }

  @Override
  public void inject(int coarseLevel, boolean withResidual) {
    call(e -> {
      e.doInject(coarseLevel, withResidual);
      return null;
    });
  }

  private void doInject(int coarseLevel, boolean withResidual) {
    storeLevel(coarseLevel - 1); // read here, and again by the fine level's next operation
    Level coarse = hierarchy.level(coarseLevel);
    boolean fromLast = auxFromLast;
    JavaPairRDD<Integer, Block<double[]>> fine = levels.get(coarseLevel - 1);
    if (nested(coarseLevel)) {
      // Same keys, same partitioner: each coarse block is made where its fine block is.
      setLevel(coarseLevel, fine.mapValues(b -> Restriction.inject(b, coarse, withResidual, fromLast)), false);
      return;
    }
    int fineBlocks = blocks(coarseLevel - 1), coarseBlocks = blocks(coarseLevel);
    int[] starts = Layout.starts(coarse, layerBlocks);
    JavaPairRDD<Integer, Block<double[]>> parts = fine.flatMapToPair(kv -> {
      int shard = kv._1 / fineBlocks;
      List<Tuple2<Integer, Block<double[]>>> out = new ArrayList<>();
      Block<double[]> piece = Restriction.inject(kv._2, coarse, withResidual, fromLast);
      if (piece.size() == 0) return out.iterator();
      for (Map.Entry<Integer, Block<double[]>> e : Layout.splitByBlocks(piece, starts)) {
        out.add(new Tuple2<>(shard * coarseBlocks + e.getKey(), e.getValue()));
      }
      return out.iterator();
    });
    setLevel(coarseLevel, parts.groupByKey(partitioner(coarseLevel)).mapValues(ps -> {
      List<Block<double[]>> list = new ArrayList<>();
      ps.forEach(list::add);
      return Layout.merge(coarse, list);
    }), false);
  }

  /**
   * The coarse blocks are read once and not kept: in a cycle the correction is a coarse level's
   * last use before injection rebuilds it. Where the levels are nested, both sides of the cogroup
   * share the partitioner, so it reads them in place without a shuffle.
   */
  @Override
  public void correct(int coarseLevel) {
    call(e -> {
      e.doCorrect(coarseLevel);
      return null;
    });
  }

  private void doCorrect(int coarseLevel) {
    int fineLevel = coarseLevel - 1;
    JavaPairRDD<Integer, Block<double[]>> parts = nested(coarseLevel) ? levels.get(coarseLevel) : byFineBlock(coarseLevel);
    Broadcast<TimeStepper<double[]>> st = stepper;
    boolean copy = shared[fineLevel];
    setLevel(fineLevel, levels.get(fineLevel).cogroup(parts, partitioner(fineLevel)).mapValues(t -> {
      Block<double[]> fine = own(t._1.iterator().next(), copy);
      for (Block<double[]> part : t._2) Interpolation.correct(fine, part, st.value());
      return fine;
    }), false);
  }

  /** The coarse level's blocks cut at the finer level's block boundaries, keyed by the fine block they correct. */
  private JavaPairRDD<Integer, Block<double[]>> byFineBlock(int coarseLevel) {
    int fineLevel = coarseLevel - 1;
    int fineBlocks = blocks(fineLevel), coarseBlocks = blocks(coarseLevel);
    int c = hierarchy.level(fineLevel).cfactor();
    int[] fineStarts = Layout.starts(hierarchy.level(fineLevel), layerBlocks);
    int[] inCoarseIndices = new int[fineStarts.length];
    for (int p = 0; p < fineStarts.length; p++) inCoarseIndices[p] = fineStarts[p] / c; // blocks start at C-points
    return levels.get(coarseLevel).flatMapToPair(kv -> {
      int shard = kv._1 / coarseBlocks;
      List<Tuple2<Integer, Block<double[]>>> out = new ArrayList<>();
      for (Map.Entry<Integer, Block<double[]>> e : Layout.splitByBlocks(kv._2, inCoarseIndices)) {
        out.add(new Tuple2<>(shard * fineBlocks + e.getKey(), e.getValue()));
      }
      return out.iterator();
    });
  }

  @Override
  public void solveInOrder(int level) {
    call(e -> {
      e.doSolveInOrder(level);
      return null;
    });
  }

  private void doSolveInOrder(int level) {
    JavaPairRDD<Integer, Block<double[]>> collected = levels.get(level);
    // Deserialized on the driver: the collected blocks are the driver's own to update.
    List<Tuple2<Integer, Block<double[]>>> all = new ArrayList<>(collected.collect());
    all.sort(Comparator.comparing(Tuple2::_1));
    int b = blocks(level);
    double steps = 0;
    List<Block<double[]>> solved = new ArrayList<>();
    for (int s = 0; s < shards.shards(); s++) {
      List<Block<double[]>> shardBlocks = new ArrayList<>();
      for (int p = 0; p < b; p++) shardBlocks.add(all.get(s * b + p)._2);
      steps += Relaxation.solveInOrder(shardBlocks, stepper.value());
      solved.addAll(shardBlocks);
    }
    stepCounter.add((long) steps);
    setLevel(level, fromDriver(solved), false);
    ran(collected.rdd());
  }

  @SuppressWarnings("unchecked")
  @Override
  public List<double[]> states(int level) {
    return (List<double[]>) call(e -> e.doStates(level));
  }

  private List<double[]> doStates(int level) {
    storeLevel(level); // a later job may read the level again
    List<double[]> out = BlockRdds.states(levels.get(level), hierarchy.level(level), layerBlocks, shards);
    ran(levels.get(level).rdd());
    return out;
  }

  /**
   * Runs a call after the ones before it. When a job fails because an executor took blocks with it
   * that cannot be recomputed, everything is dropped and the calls are run again from the first.
   */
  private Object call(java.util.function.Function<SparkEngine, Object> next) {
    calls.add(next);
    while (true) {
      try {
        Object result = null;
        while (applied < calls.size()) result = calls.get(applied++).apply(this);
        return result;
      } catch (Exception e) { // a job's failure is a SparkException, which Java cannot name (it is checked)
        if (!LostBlocks.in(e) || replays == MAX_REPLAYS) throw e;
        replays++;
        LOG.warn("MGRIT solve: blocks went with a lost executor; replaying the solve's " + calls.size()
            + " operations from its start (replay " + replays + " of at most " + MAX_REPLAYS + ")");
        dropAll();
        applied = 0;
      }
    }
  }

  /** Forgets the levels and what they hold, as before the first call; the keys and the stepper stay. */
  private void dropAll() {
    for (RDD<?> r : stored) r.unpersist(false);
    stored.clear();
    for (DriverBlocks b : broadcastBlocks.values()) b.release();
    broadcastBlocks.clear();
    for (int l = 0; l < levels.size(); l++) levels.set(l, null);
    java.util.Arrays.fill(shared, false);
    java.util.Arrays.fill(sinceCheckpoint, 0);
    ran.clear();
    unrunSweeps.clear();
  }

  /** How many times a solve was replayed from its start after blocks went with a lost executor. */
  public int replays() {
    return replays;
  }

  @Override
  public long stages() {
    return BlockRdds.stagesRun(sc, jobGroup);
  }

  /** Makes {@code next} the level's current blocks; nothing runs yet. */
  private void setLevel(int level, JavaPairRDD<Integer, Block<double[]>> next, boolean sharedBlocks) {
    levels.set(level, next);
    shared[level] = sharedBlocks;
    sinceCheckpoint[level]++;
  }

  /** Keeps the level's current blocks once computed; updates then copy them first. */
  private void storeLevel(int level) {
    store(levels.get(level).rdd(), level);
    shared[level] = true;
  }

  /**
   * Keeps an RDD's blocks once a job computes them (nothing runs now). Once the level has had
   * {@code checkpointEvery} operations since its lineage was last cut, the RDD is kept as a local
   * checkpoint instead: the same blocks, and after that job Spark forgets how they were computed.
   */
  private void store(RDD<?> rdd, int level) {
    if (rdd.getStorageLevel() != StorageLevel.NONE()) return;
    if (sinceCheckpoint[level] >= checkpointEvery) {
      rdd.localCheckpoint();
      sinceCheckpoint[level] = 0;
    } else {
      rdd.persist(StorageLevel.MEMORY_AND_DISK());
    }
    stored.add(rdd);
  }

  /**
   * After a job that computed {@code target}: everything in its lineage has run (now, or before:
   * stored blocks and shuffle output it reused). Then releases what no level can need any more.
   */
  private void ran(RDD<?> target) {
    Deque<RDD<?>> todo = new ArrayDeque<>(List.<RDD<?>>of(target));
    while (!todo.isEmpty()) {
      RDD<?> r = todo.pop();
      if (!ran.add(r.id())) continue;
      unrunSweeps.remove(r.id());
      for (Dependency<?> d : dependencies(r)) todo.push(d.rdd());
    }
    release();
  }

  /**
   * Unpersists every stored RDD that computing the levels' current blocks can no longer read: one
   * that has run is read in place of its lineage, so what lies behind it (and behind shuffle output
   * that exists) goes; so do the broadcast blocks of RDDs nothing will compute again. (Like the
   * local checkpoints, this gives up recomputation after the loss of an executor, for memory.)
   * Also forgets sweeps that nothing will run, and run RDDs out of reach.
   */
  private void release() {
    List<RDD<?>> heads = new ArrayList<>();
    for (JavaPairRDD<Integer, Block<double[]>> l : levels) if (l != null) heads.add(l.rdd());
    Lineage live = new Lineage(heads);
    stored.removeIf(r -> {
      if (live.computed.contains(r.id()) || live.reused.contains(r.id())) return false;
      r.unpersist(false);
      return true;
    });
    broadcastBlocks.entrySet().removeIf(e -> {
      if (live.computed.contains(e.getKey())) return false;
      e.getValue().release();
      return true;
    });
    unrunSweeps.retainAll(live.computed);
    ran.retainAll(live.reached());
  }

  private static Iterable<Dependency<?>> dependencies(RDD<?> r) {
    return scala.jdk.javaapi.CollectionConverters.asJava(r.dependencies());
  }

  /**
   * What computing some RDDs would involve now: the RDDs that would be computed, and the stored
   * RDDs and shuffle outputs of run RDDs that would be read instead of their lineage.
   */
  private final class Lineage {
    final Set<Integer> computed = new HashSet<>();
    final Set<Integer> reused = new HashSet<>();

    Lineage(List<RDD<?>> roots) {
      Deque<RDD<?>> todo = new ArrayDeque<>(roots);
      while (!todo.isEmpty()) {
        RDD<?> r = todo.pop();
        if (computed.contains(r.id()) || reused.contains(r.id())) continue;
        if (ran.contains(r.id()) && r.getStorageLevel() != StorageLevel.NONE()) {
          reused.add(r.id());
          continue;
        }
        computed.add(r.id());
        for (Dependency<?> d : dependencies(r)) {
          if (d instanceof ShuffleDependency && ran.contains(d.rdd().id())) {
            reused.add(d.rdd().id());
          } else {
            todo.push(d.rdd());
          }
        }
      }
    }

    Set<Integer> reached() {
      Set<Integer> all = new HashSet<>(computed);
      all.addAll(reused);
      return all;
    }
  }

  @Override
  public void close() {
    dropAll();
    calls.clear();
    applied = 0; // the counts stay readable after close (steps())
    for (JavaPairRDD<Integer, Integer> k : keys.values()) k.unpersist(false);
    keys.clear();
    stepper.destroy();
    sc.clearJobGroup();
  }
}
