package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;

class MinibatchPlanTest {

  /** n examples whose single feature is their index in the block, so a batch says which examples it took. */
  private static Examples numbered(int n) {
    double[] x = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 3;
    }
    return new Examples(1, 3, x, y);
  }

  private static int[] indices(Examples batch) {
    return Arrays.stream(batch.features()).mapToInt(v -> (int) v).toArray();
  }

  /** The example indices of every batch of one epoch of one block, in batch order. */
  private static List<int[]> epoch(MinibatchPlan plan, Examples block, int blockIndex, int epoch) {
    List<int[]> out = new ArrayList<>();
    for (int b = 0; b < plan.batchesPerEpoch(); b++) out.add(indices(plan.select(block, blockIndex, epoch, b)));
    return out;
  }

  @Test
  void fullBatchWhenBatchSizeIsNotPositiveOrCoversEverything() {
    for (int batchSize : new int[] {0, -5, 1000, 1001, Integer.MAX_VALUE}) {
      MinibatchPlan plan = MinibatchPlan.of(7, batchSize, 1000);
      assertTrue(plan.fullBatch(), "batchSize " + batchSize);
      assertEquals(1, plan.batchesPerEpoch());
    }
    Examples block = numbered(10);
    // Full batch is the block itself, in its own order, in every epoch.
    assertSame(block, MinibatchPlan.of(7, 0, 10).select(block, 3, 5, 0));
  }

  @Test
  void batchCountIsTheCeilingOfTotalOverBatchSize() {
    assertEquals(10, MinibatchPlan.of(1, 500, 5000).batchesPerEpoch());
    assertEquals(4, MinibatchPlan.of(1, 300, 1000).batchesPerEpoch()); // 300, 300, 300, 100 → 4 batches
    assertEquals(2, MinibatchPlan.of(1, 999, 1000).batchesPerEpoch());
    assertFalse(MinibatchPlan.of(1, 999, 1000).fullBatch());
    assertThrows(IllegalArgumentException.class, () -> new MinibatchPlan(1, 0));
  }

  @Test
  void anEpochCoversEveryExampleOfABlockExactlyOnce() {
    MinibatchPlan plan = MinibatchPlan.of(42, 7, 3 * 23); // 10 batches per epoch
    for (int blockIndex = 0; blockIndex < 3; blockIndex++) {
      Examples block = numbered(23);
      for (int e = 1; e <= 3; e++) {
        List<int[]> batches = epoch(plan, block, blockIndex, e);
        int[] seen = new int[23];
        for (int[] batch : batches) {
          // 23 examples cut into 10 nearly equal pieces: 2 or 3 each.
          assertTrue(batch.length == 2 || batch.length == 3, "batch of " + batch.length);
          for (int i : batch) seen[i]++;
        }
        int[] once = new int[23];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen, "block " + blockIndex + " epoch " + e);
      }
    }
  }

  @Test
  void selectedExamplesKeepTheirLabels() {
    Examples block = numbered(50);
    Examples batch = MinibatchPlan.of(3, 10, 50).select(block, 0, 1, 2);
    for (int k = 0; k < batch.size(); k++) assertEquals((int) batch.feature(k, 0) % 3, batch.label(k));
  }

  @Test
  void sameSeedSameBatchesOtherEpochOtherOrder() {
    Examples block = numbered(100);
    MinibatchPlan plan = MinibatchPlan.of(11, 10, 100);
    MinibatchPlan again = MinibatchPlan.of(11, 10, 100);
    List<int[]> first = epoch(plan, block, 0, 1);
    List<int[]> repeat = epoch(again, block, 0, 1);
    for (int b = 0; b < first.size(); b++) assertArrayEquals(first.get(b), repeat.get(b));

    // Another epoch, another block position or another seed: another order. (For 100 examples the
    // chance that two shuffles agree on the first batch by accident is below 1e-15.)
    assertFalse(Arrays.equals(first.get(0), epoch(plan, block, 0, 2).get(0)), "epoch 2 repeats epoch 1");
    assertFalse(Arrays.equals(first.get(0), epoch(plan, block, 1, 1).get(0)), "block 1 repeats block 0");
    assertFalse(Arrays.equals(first.get(0), epoch(MinibatchPlan.of(12, 10, 100), block, 0, 1).get(0)),
        "seed 12 repeats seed 11");
    // And the order is shuffled, not the block's own order.
    assertFalse(Arrays.equals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, first.get(0)));
  }

  @Test
  void selectionDependsOnlyOnSeedEpochBlockIndexAndBatch() {
    // The selection depends on (seed, epoch, block index, batch) only: a block sees the same batches
    // in a JVM and in a Spark partition, which is what makes the two batch sources agree.
    Examples block = numbered(40);
    MinibatchPlan plan = new MinibatchPlan(5, 4);
    int[] direct = indices(plan.select(block, 2, 3, 1));
    int[] copy = indices(plan.select(numbered(40), 2, 3, 1));
    assertArrayEquals(direct, copy);
    assertEquals(10, direct.length);
  }

  @Test
  void noBatchIsEmptyWhenTheBatchSizeIsAtLeastTheNumberOfBlocks() {
    // Each block gives about batchSize/blocks examples to every batch; the largest of the balanced
    // blocks (Blocks.split) has ceil(total/blocks) >= ceil(total/batchSize) examples, one for each batch.
    for (int total : new int[] {5, 17, 100, 101}) {
      for (int blocks = 1; blocks <= Math.min(total, 6); blocks++) {
        List<Examples> parts = org.layerbraid.data.Blocks.split(numbered(total), blocks);
        for (int batchSize = blocks; batchSize <= total + 1; batchSize++) {
          MinibatchPlan plan = MinibatchPlan.of(1, batchSize, total);
          for (int b = 0; b < plan.batchesPerEpoch(); b++) {
            int size = 0;
            for (int k = 0; k < blocks; k++) size += plan.select(parts.get(k), k, 1, b).size();
            assertTrue(size > 0, "total " + total + ", " + blocks + " blocks, batch size " + batchSize + ": batch " + b + " empty");
          }
        }
      }
    }
    // Below that, batches can be empty: 2 blocks of 5 and batch size 1 give 10 batches of 0 or 2.
    List<Examples> parts = org.layerbraid.data.Blocks.split(numbered(10), 2);
    MinibatchPlan plan = MinibatchPlan.of(1, 1, 10);
    assertEquals(0, plan.select(parts.get(0), 0, 1, 0).size() + plan.select(parts.get(1), 1, 1, 0).size());
  }
}
