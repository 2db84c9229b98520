package org.layerbraid.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.broadcast.Broadcast;
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
 * {@code mapValues} over the cached blocks; the boundary exchange shuffles only the one state each
 * block steps out of itself; injection and correction shuffle C-point data between the
 * partitionings of neighbouring levels; the coarsest level is solved on the driver. The stepper
 * (network weights) is broadcast once per solve.
 *
 * <p>Operations are deferred: Spark pipelines consecutive sweeps into one stage and runs a job only
 * where the cycle needs an answer — the fine residual norm, the coarsest solve, the final states
 * — about two jobs per iteration. Steps are counted by an accumulator (work done, so a recomputed
 * task counts again). Every level RDD is persisted, what it replaced released after the next job,
 * and lineage is cut by local checkpoints, so memory stays bounded over long runs.
 */
public final class SparkEngine implements Engine<double[]> {
  private final JavaSparkContext sc;
  private final Hierarchy hierarchy;
  private final Broadcast<TimeStepper<double[]>> stepper;
  private final boolean auxFromLast;
  private final int layerBlocks;
  private final ColumnShards shards;
  private final int checkpointEvery;
  private final String jobGroup;
  private final List<JavaPairRDD<Integer, Block<double[]>>> levels = new ArrayList<>();
  private final List<JavaPairRDD<Integer, ?>> superseded = new ArrayList<>();
  private final LongAccumulator stepCounter;
  private final int[] operations;

  /**
   * @param layerBlocks     layer partitions per level (fewer where a level has fewer C-points)
   * @param shards          how states are split into data shards (rows = state width)
   * @param checkpointEvery cut a level's lineage after this many operations on it
   */
  public SparkEngine(JavaSparkContext sc, Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks,
      ColumnShards shards, int checkpointEvery) {
    if (layerBlocks < 1) throw new IllegalArgumentException("layerBlocks must be >= 1, got " + layerBlocks);
    if (checkpointEvery < 1) throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + checkpointEvery);
    this.sc = sc;
    this.hierarchy = hierarchy;
    this.stepper = sc.broadcast(stepper);
    this.auxFromLast = stepper.coarseAuxFromLastFineStep();
    this.layerBlocks = layerBlocks;
    this.shards = shards;
    this.checkpointEvery = checkpointEvery;
    this.jobGroup = "layerbraid-mgrit-" + System.identityHashCode(this);
    this.operations = new int[hierarchy.numLevels()];
    for (int l = 0; l < hierarchy.numLevels(); l++) levels.add(null);
    this.stepCounter = sc.sc().longAccumulator("layerbraid MGRIT steps");
  }

  private int blocks(int level) { return Layout.starts(hierarchy.level(level), layerBlocks).length; }

  private Partitioner partitioner(int level) { return new HashPartitioner(blocks(level) * shards.shards()); }

  @Override
  public void describe(String phase) {
    sc.setJobGroup(jobGroup, phase, false);
  }

  @Override
  public void initialize(List<double[]> fineStates, List<double[]> fineAux) {
    Level fine = hierarchy.level(0);
    List<List<double[]>> states = byShard(fineStates), aux = fineAux == null ? null : byShard(fineAux);
    List<Tuple2<Integer, Block<double[]>>> keyed = new ArrayList<>();
    int b = blocks(0);
    for (int s = 0; s < shards.shards(); s++) {
      List<Block<double[]>> cut = Layout.cut(fine, states.get(s), aux == null ? null : aux.get(s), layerBlocks);
      for (int p = 0; p < cut.size(); p++) keyed.add(new Tuple2<>(s * b + p, cut.get(p)));
    }
    replace(0, sc.parallelizePairs(keyed, keyed.size()).partitionBy(partitioner(0)));
  }

  /** For each shard, its column block of every state. */
  private List<List<double[]>> byShard(List<double[]> states) {
    List<List<double[]>> out = new ArrayList<>();
    for (int s = 0; s < shards.shards(); s++) out.add(new ArrayList<>());
    for (double[] state : states) {
      List<double[]> parts = shards.split(state);
      for (int s = 0; s < shards.shards(); s++) out.get(s).add(parts.get(s));
    }
    return out;
  }

  @Override
  public void sweep(int level, Sweep<double[]> kernel) {
    Broadcast<TimeStepper<double[]>> st = stepper;
    LongAccumulator counter = stepCounter;
    replace(level, levels.get(level).mapValues(b -> {
      Block<double[]> c = b.copy(); // cached blocks are shared objects: never update them in place
      counter.add((long) kernel.apply(c, st.value()));
      return c;
    }));
  }

  @Override
  public double measure(int level, Sweep<double[]> kernel) {
    Broadcast<TimeStepper<double[]>> st = stepper;
    JavaPairRDD<Integer, Tuple2<Block<double[]>, Double>> measured = levels.get(level).mapValues(b -> {
      Block<double[]> c = b.copy();
      return new Tuple2<>(c, kernel.apply(c, st.value()));
    });
    measured.persist(StorageLevel.MEMORY_AND_DISK()); // the kernel runs once; the level projects its blocks
    replace(level, measured.mapValues(Tuple2::_1));
    // Computes the level (and whatever deferred work it depends on): the engine's sync point.
    List<Tuple2<Integer, Double>> values = new ArrayList<>(measured.mapValues(Tuple2::_2).collect());
    released();
    superseded.add(measured); // until the next job has cached the level's projection of it
    values.sort(Comparator.comparing(Tuple2::_1));
    double sum = 0;
    for (Tuple2<Integer, Double> v : values) sum += v._2;
    return sum;
  }

  /** Runs whatever work is still deferred (it would not have been counted yet), then reads the counter. */
  @Override
  public long steps() {
    for (JavaPairRDD<Integer, Block<double[]>> level : levels) {
      if (level != null) level.count();
    }
    released();
    return stepCounter.value();
  }

  @Override
  public double[] sumVectors(int level, BlockVector<double[]> function) {
    Broadcast<TimeStepper<double[]>> st = stepper;
    List<Tuple2<Integer, double[]>> parts = new ArrayList<>(
        levels.get(level).mapValues(b -> function.apply(b, st.value())).collect());
    released();
    parts.sort(Comparator.comparing(Tuple2::_1)); // a fixed order of addition: the same numbers every run
    double[] sum = null;
    for (Tuple2<Integer, double[]> p : parts) sum = VectorSums.add(sum, p._2);
    return sum;
  }

  @Override
  public void exchange(int level) {
    int b = blocks(level);
    JavaPairRDD<Integer, double[]> outgoing = levels.get(level)
        .filter(kv -> kv._1 % b != b - 1)
        .mapToPair(kv -> new Tuple2<>(kv._1 + 1, kv._2.outgoing()));
    JavaPairRDD<Integer, Tuple2<Block<double[]>, Optional<double[]>>> joined =
        levels.get(level).leftOuterJoin(outgoing, partitioner(level));
    replace(level, joined.mapValues(t -> {
      Block<double[]> c = t._1.copy();
      c.setIncoming(t._2.orNull());
      return c;
    }));
  }

  @Override
  public void inject(int coarseLevel, boolean withResidual) {
    Level coarse = hierarchy.level(coarseLevel);
    int fineBlocks = blocks(coarseLevel - 1), coarseBlocks = blocks(coarseLevel);
    int[] starts = Layout.starts(coarse, layerBlocks);
    boolean fromLast = auxFromLast;
    JavaPairRDD<Integer, Block<double[]>> parts = levels.get(coarseLevel - 1).flatMapToPair(kv -> {
      int shard = kv._1 / fineBlocks;
      List<Tuple2<Integer, Block<double[]>>> out = new ArrayList<>();
      Block<double[]> piece = Restriction.inject(kv._2, coarse, withResidual, fromLast);
      if (piece.size() == 0) return out.iterator();
      for (Map.Entry<Integer, Block<double[]>> e : Layout.splitByBlocks(piece, starts)) {
        out.add(new Tuple2<>(shard * coarseBlocks + e.getKey(), e.getValue()));
      }
      return out.iterator();
    });
    replace(coarseLevel, parts.groupByKey(partitioner(coarseLevel)).mapValues(ps -> {
      List<Block<double[]>> list = new ArrayList<>();
      ps.forEach(list::add);
      return Layout.merge(coarse, list);
    }));
  }

  @Override
  public void correct(int coarseLevel) {
    int fineLevel = coarseLevel - 1;
    int fineBlocks = blocks(fineLevel), coarseBlocks = blocks(coarseLevel);
    int c = hierarchy.level(fineLevel).cfactor();
    int[] fineStarts = Layout.starts(hierarchy.level(fineLevel), layerBlocks);
    int[] inCoarseIndices = new int[fineStarts.length];
    for (int p = 0; p < fineStarts.length; p++) inCoarseIndices[p] = fineStarts[p] / c; // blocks start at C-points
    JavaPairRDD<Integer, Block<double[]>> parts = levels.get(coarseLevel).flatMapToPair(kv -> {
      int shard = kv._1 / coarseBlocks;
      List<Tuple2<Integer, Block<double[]>>> out = new ArrayList<>();
      for (Map.Entry<Integer, Block<double[]>> e : Layout.splitByBlocks(kv._2, inCoarseIndices)) {
        out.add(new Tuple2<>(shard * fineBlocks + e.getKey(), e.getValue()));
      }
      return out.iterator();
    });
    Broadcast<TimeStepper<double[]>> st = stepper;
    replace(fineLevel, levels.get(fineLevel).cogroup(parts, partitioner(fineLevel)).mapValues(t -> {
      Block<double[]> fine = t._1.iterator().next().copy();
      for (Block<double[]> part : t._2) Interpolation.correct(fine, part, st.value());
      return fine;
    }));
  }

  @Override
  public void solveInOrder(int level) {
    List<Tuple2<Integer, Block<double[]>>> all = new ArrayList<>(levels.get(level).collect());
    released();
    all.sort(Comparator.comparing(Tuple2::_1));
    int b = blocks(level);
    double steps = 0;
    List<Tuple2<Integer, Block<double[]>>> solved = new ArrayList<>();
    for (int s = 0; s < shards.shards(); s++) {
      List<Block<double[]>> shardBlocks = new ArrayList<>();
      for (int p = 0; p < b; p++) shardBlocks.add(all.get(s * b + p)._2.copy());
      steps += Relaxation.solveInOrder(shardBlocks, stepper.value());
      for (int p = 0; p < b; p++) solved.add(new Tuple2<>(s * b + p, shardBlocks.get(p)));
    }
    stepCounter.add((long) steps);
    replace(level, sc.parallelizePairs(solved, solved.size()).partitionBy(partitioner(level)));
  }

  @Override
  public List<double[]> states(int level) {
    List<Tuple2<Integer, Block<double[]>>> all = new ArrayList<>(levels.get(level).collect());
    released();
    all.sort(Comparator.comparing(Tuple2::_1));
    int b = blocks(level), points = hierarchy.level(level).numPoints();
    List<double[]> out = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      List<double[]> parts = new ArrayList<>();
      for (int s = 0; s < shards.shards(); s++) {
        Block<double[]> block = all.get(s * b + Layout.blockOf(Layout.starts(hierarchy.level(level), layerBlocks), i))._2;
        parts.add(block.state(i - block.first()));
      }
      out.add(shards.shards() == 1 ? parts.get(0) : shards.join(parts));
    }
    return out;
  }

  @Override
  public long stages() {
    long n = 0;
    for (int job : sc.statusTracker().getJobIdsForGroup(jobGroup)) {
      var info = sc.statusTracker().getJobInfo(job);
      if (info != null) n += info.stageIds().length;
    }
    return n;
  }

  /**
   * Makes {@code next} the level's blocks, to be persisted when first computed; nothing runs yet.
   * The blocks it replaces may still be needed to compute it, so they are released only after the
   * next job ({@link #released}). Every {@code checkpointEvery} operations on a level its lineage
   * is cut by a local checkpoint, so lineage and memory stay bounded however long the solve runs.
   */
  private void replace(int level, JavaPairRDD<Integer, Block<double[]>> next) {
    next.persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Integer, Block<double[]>> old = levels.set(level, next);
    if (old != null) superseded.add(old);
    if (++operations[level] % checkpointEvery == 0) {
      // Checkpoint now, in a job of its own: marked but deferred, it could outlive what it needs.
      next.rdd().localCheckpoint();
      next.count();
      released();
    }
  }

  /** After a job: every current level has been computed from what it replaced, which can go. */
  private void released() {
    for (JavaPairRDD<Integer, ?> r : superseded) r.unpersist(false);
    superseded.clear();
  }

  @Override
  public void close() {
    released();
    for (int l = 0; l < levels.size(); l++) {
      if (levels.get(l) != null) levels.get(l).unpersist(false);
      levels.set(l, null);
    }
    stepper.destroy();
    sc.clearJobGroup();
  }
}
