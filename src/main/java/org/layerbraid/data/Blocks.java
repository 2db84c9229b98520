package org.layerbraid.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Cutting examples into the blocks that become RDD partitions. Local and distributed data follow
 * one rule — example i of n goes to block ⌊i·b/n⌋ — so a data set gets the same blocks whichever
 * way it was loaded.
 */
public final class Blocks {
  private Blocks() {}

  /** First example of block {@code b} when {@code total} examples are cut into {@code n} blocks. */
  static long start(int b, int n, long total) {
    return (b * total + n - 1) / n;
  }

  static int blockOf(long index, int n, long total) {
    return (int) (index * n / total);
  }

  static void checkCut(long total, int n, String what) {
    if (n <= 0) throw new IllegalArgumentException("number of blocks must be > 0, got " + n);
    if (total < n) {
      throw new DataException(what + ": " + total + " examples cannot fill " + n
          + " blocks; use fewer partitions or more data");
    }
  }

  /** {@code n} contiguous blocks whose sizes differ by at most one. */
  public static List<Examples> split(Examples all, int n) {
    checkCut(all.size(), n, "split");
    List<Examples> out = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      out.add(all.slice((int) start(b, n, all.size()), (int) start(b + 1, n, all.size())));
    }
    return out;
  }

  /** The blocks of {@link #split}, one per partition, in order. */
  public static JavaRDD<Examples> parallelize(JavaSparkContext sc, Examples all, int n) {
    return sc.parallelize(split(all, n), n);
  }

  /**
   * The blocks of {@link #split} as a cached RDD whose lineage is cut by a reliable checkpoint
   * ({@link SparkCheckpointFolder}): a parallelized partition carries its data inside every task that
   * reads it, cached or not, so without the cut each training step would ship the examples again,
   * not just the weights. A block lost with its executor is read back from the checkpoint files
   * (a local checkpoint, kept only in the executors, was lost with them).
   */
  public static JavaRDD<Examples> distribute(JavaSparkContext sc, Examples all, int n) {
    SparkCheckpointFolder.ensure(sc.sc());
    JavaRDD<Examples> blocks = parallelize(sc, all, n).persist(StorageLevel.MEMORY_AND_DISK());
    blocks.checkpoint();
    // Computes the blocks, then a second job writes them from the cache. A lambda, not blocks::count:
    // its frame keeps the job named "count at Blocks.java" in the Spark UI.
    SparkCheckpointFolder.written(sc.sc(), () -> blocks.count());
    return blocks;
  }

  public static Examples concat(List<Examples> parts) {
    if (parts.isEmpty()) throw new IllegalArgumentException("nothing to concatenate");
    Examples first = parts.get(0);
    int n = 0;
    for (Examples p : parts) {
      if (p.dim() != first.dim() || p.numClasses() != first.numClasses()) {
        throw new IllegalArgumentException("cannot concatenate blocks of dim/classes " + first.dim()
            + "/" + first.numClasses() + " and " + p.dim() + "/" + p.numClasses());
      }
      n += p.size();
    }
    double[] x = new double[n * first.dim()];
    int[] y = new int[n];
    int at = 0;
    for (Examples p : parts) {
      System.arraycopy(p.features(), 0, x, at * first.dim(), p.features().length);
      System.arraycopy(p.labels(), 0, y, at, p.size());
      at += p.size();
    }
    return new Examples(first.dim(), first.numClasses(), x, y);
  }

  /** All blocks of an RDD as one local set, in partition order. */
  public static Examples collect(JavaRDD<Examples> blocks) {
    return concat(blocks.collect());
  }

  static Examples fromRows(Iterator<LabeledRow> rows, int dim, int numClasses) {
    List<LabeledRow> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    double[] x = new double[list.size() * dim];
    int[] y = new int[list.size()];
    for (int m = 0; m < list.size(); m++) {
      list.get(m).copyInto(x, m * dim);
      y[m] = list.get(m).label();
    }
    return new Examples(dim, numClasses, x, y);
  }
}
