package org.layerbraid.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.layerbraid.data.Examples;

/**
 * Which examples of a block belong to minibatch b of epoch e. Each block is shuffled by a seed
 * derived from (seed, epoch, block) and cut into {@code batchesPerEpoch} nearly equal pieces, so
 * the same seed and the same partitioning give the same minibatches wherever the block lives.
 */
public record MinibatchPlan(long seed, int batchesPerEpoch) implements Serializable {

  public MinibatchPlan {
    if (batchesPerEpoch < 1) throw new IllegalArgumentException("batchesPerEpoch must be >= 1, got " + batchesPerEpoch);
  }

  /** The plan for batches of about {@code batchSize} out of {@code total} (batchSize ≤ 0: full batch). */
  public static MinibatchPlan of(long seed, int batchSize, long total) {
    if (batchSize <= 0 || batchSize >= total) return new MinibatchPlan(seed, 1);
    return new MinibatchPlan(seed, (int) Math.min(Integer.MAX_VALUE, (total + batchSize - 1) / batchSize));
  }

  public boolean fullBatch() { return batchesPerEpoch == 1; }

  public Examples select(Examples block, int blockIndex, int epoch, int batch) {
    return fullBatch() ? block : block.select(indices(block.size(), blockIndex, epoch, batch));
  }

  /** Positions, in a block of {@code n} examples, of minibatch {@code batch} of {@code epoch}. */
  public int[] indices(int n, int blockIndex, int epoch, int batch) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    if (fullBatch()) return perm;
    SplittableRandom rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ (0xC2B2AE3D27D4EB4FL * (blockIndex + 1)));
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int from = (int) ((long) batch * n / batchesPerEpoch), to = (int) ((long) (batch + 1) * n / batchesPerEpoch);
    return Arrays.copyOfRange(perm, from, to);
  }
}
