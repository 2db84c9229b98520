package org.layerbraid.engine;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.Engine.BlockVector;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.TimeStepper;
import scala.Tuple2;

/**
 * What the Spark engines read from a level's blocks in RDD partitions, keyed shard · B + b: the
 * states of the whole level, a vector summed over the blocks, and the stages their jobs ran. Both
 * the stage engine and the resident engine answer these the same way.
 */
final class BlockRdds {
  private BlockRdds() {}

  /** The sum over the blocks of the function's vectors, added in key order: the same numbers every run. */
  static double[] sumVectors(JavaPairRDD<Integer, Block<double[]>> blocks, Broadcast<TimeStepper<double[]>> stepper,
      BlockVector<double[]> function) {
    JavaPairRDD<Integer, Doubles> vectors =
        blocks.mapValues(b -> new Doubles(new double[][] {function.apply(b, stepper.value())}));
    List<Tuple2<Integer, Doubles>> parts = new ArrayList<>(vectors.collect());
    parts.sort(Comparator.comparing(Tuple2::_1));
    double[] sum = null;
    for (Tuple2<Integer, Doubles> p : parts) sum = VectorSums.add(sum, p._2.arrays[0]);
    return sum;
  }

  /**
   * All states of the level in time order, each joined from its data shards. Only the states travel
   * to the driver, not the blocks' other data (aux, right-hand sides, arrivals).
   */
  static List<double[]> states(JavaPairRDD<Integer, Block<double[]>> blocks, Level level, int layerBlocks,
      ColumnShards shards) {
    JavaPairRDD<Integer, Doubles> blockStates = blocks.mapValues(b -> {
      double[][] u = new double[b.size()][];
      for (int k = 0; k < u.length; k++) u[k] = b.state(k);
      return new Doubles(u);
    });
    List<Tuple2<Integer, Doubles>> all = new ArrayList<>(blockStates.collect());
    all.sort(Comparator.comparing(Tuple2::_1));
    int[] starts = Layout.starts(level, layerBlocks);
    int b = starts.length, points = level.numPoints();
    List<double[]> out = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      int p = Layout.blockOf(starts, i);
      List<double[]> parts = new ArrayList<>();
      for (int s = 0; s < shards.shards(); s++) parts.add(all.get(s * b + p)._2.arrays[i - starts[p]]);
      out.add(shards.shards() == 1 ? parts.get(0) : shards.join(parts));
    }
    return out;
  }

  /**
   * Stages whose tasks ran, in the jobs of a job group. A job also lists the stages of shuffles whose
   * output exists already; Spark skips those (no task runs), so they are not counted. The status
   * tracker learns of finished tasks from the listener bus, after the job has returned; the bus is
   * drained first, or a stage just run may not count yet (a bus still busy after its 10 s wait
   * leaves the count to what it has heard: this is a figure for reports, not for control).
   */
  static long stagesRun(JavaSparkContext sc, String jobGroup) {
    try {
      sc.sc().listenerBus().waitUntilEmpty();
    } catch (TimeoutException busy) {
      // counted below from what the tracker has so far
    }
    long n = 0;
    for (int job : sc.statusTracker().getJobIdsForGroup(jobGroup)) {
      var info = sc.statusTracker().getJobInfo(job);
      if (info == null) continue;
      for (int stage : info.stageIds()) {
        var stageInfo = sc.statusTracker().getStageInfo(stage);
        if (stageInfo != null && stageInfo.numCompletedTasks() > 0) n++;
      }
    }
    return n;
  }

  /**
   * Arrays of doubles on their way to the driver. Java serialization writes and reads a double[]
   * one element at a time (the driver spent seconds of CPU on the final states of one solve at
   * batch 1024); these go as bytes, in bulk, through a small buffer.
   */
  static final class Doubles implements Externalizable {
    private static final long serialVersionUID = 1L;
    private static final int CHUNK = 1 << 16; // bytes
    double[][] arrays;

    /** For deserialization. */
    public Doubles() {}

    Doubles(double[][] arrays) { this.arrays = arrays; }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
      out.writeInt(arrays.length);
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] a : arrays) {
        out.writeInt(a == null ? -1 : a.length);
        for (int at = 0; a != null && at < a.length; at += CHUNK / 8) {
          int n = Math.min(CHUNK / 8, a.length - at);
          buffer.asDoubleBuffer().put(a, at, n);
          out.write(buffer.array(), 0, 8 * n);
        }
      }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
      arrays = new double[in.readInt()][];
      byte[] bytes = new byte[CHUNK];
      ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < arrays.length; i++) {
        int length = in.readInt();
        if (length < 0) continue;
        double[] a = new double[length];
        for (int at = 0; at < length; at += CHUNK / 8) {
          int n = Math.min(CHUNK / 8, length - at);
          in.readFully(bytes, 0, 8 * n);
          buffer.asDoubleBuffer().get(a, at, n);
        }
        arrays[i] = a;
      }
    }
  }
}
