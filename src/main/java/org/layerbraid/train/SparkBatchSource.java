package org.layerbraid.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.data.Examples;
import org.layerbraid.engine.BarrierSlots;
import org.layerbraid.engine.BarrierStage;
import org.layerbraid.engine.TaskLinks;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;

/**
 * Data parallelism on Spark: the examples are blocks in the partitions of a cached RDD; each batch
 * broadcasts the weights, every partition evaluates its share, and the driver sums the partitions'
 * gradients in partition order (so a run is reproducible bit for bit) and takes the optimiser step.
 */
public final class SparkBatchSource implements BatchSource {
  private final JavaRDD<Examples> blocks;
  private final long size;

  public SparkBatchSource(JavaRDD<Examples> blocks) {
    this(blocks, blocks.map(b -> (long) b.size()).fold(0L, Long::sum));
  }

  /** When the number of examples is already known, no job is run to count them. */
  public SparkBatchSource(JavaRDD<Examples> blocks, long size) {
    this.blocks = blocks;
    this.size = size;
  }

  @Override
  public long size() { return size; }

  @Override
  public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
      int epoch, int batch, boolean withGradient) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    Broadcast<double[]> weights = sc.broadcast(theta);
    try {
      return inOrder(blocks.mapPartitionsWithIndex((index, it) -> List.of(partitionSum(it, index, weights.value(), shape,
          propagation, plan, epoch, batch, withGradient)).iterator(), true).collect());
    } finally {
      weights.destroy();
    }
  }

  /** A partition's sums of batch b of the epoch: every block's share of the batch, in order. */
  private static GradientSum partitionSum(Iterator<Examples> blocks, int index, double[] theta, NetworkShape shape,
      LayerPropagation propagation, MinibatchPlan plan, int epoch, int batch, boolean withGradient) {
    ResNet net = new ResNet(shape, theta);
    GradientSum s = new GradientSum(shape.size(), withGradient);
    while (blocks.hasNext()) {
      s.add(BatchEvaluation.evaluate(net, propagation, plan.select(blocks.next(), index, epoch, batch), withGradient, index));
    }
    return s;
  }

  /**
   * The partitions' sums added in partition order: treeAggregate merges in task-completion order,
   * so from three partitions on the rounding, and with it a whole training run, changed from run to
   * run.
   */
  private static GradientSum inOrder(List<GradientSum> parts) {
    GradientSum total = new GradientSum(parts.get(0).grad == null ? 0 : parts.get(0).grad.length, parts.get(0).grad != null);
    for (GradientSum part : parts) total.add(part);
    return total;
  }

  /** What every task of a whole epoch starts from. */
  private record EpochStart(double[] theta, Optimizer.Settings settings, Optimizer.State state, NetworkShape shape,
      Regularization reg, LayerPropagation propagation, MinibatchPlan plan, int epoch, long size) implements Serializable {}

  /**
   * The epoch in one barrier stage, a task per partition: each task sums its share of a batch, the
   * shares are added in partition order by task 0 and handed to every task ({@link TaskLinks#allReduce}),
   * and every task takes the same optimiser step on the same sum, so all hold the same parameters
   * throughout. One stage per epoch instead of a job per minibatch, with the numbers of the job per
   * minibatch. Null (step by step instead) where barrier stages cannot run: fewer task slots than
   * partitions, or executors that come and go (dynamic allocation).
   */
  @Override
  public EpochEnd wholeEpoch(double[] theta, Optimizer.Settings optimizer, Optimizer.State state, NetworkShape shape,
      Regularization reg, LayerPropagation propagation, MinibatchPlan plan, int epoch) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    int tasks = blocks.getNumPartitions();
    if (propagation.keepsShardState() || tasks > BarrierSlots.free(sc)) return null;
    Broadcast<EpochStart> start = sc.broadcast(new EpochStart(theta, optimizer, state, shape, reg, propagation, plan, epoch,
        size));
    try {
      String key = "layerbraid-epoch-" + java.util.UUID.randomUUID();
      return BarrierSlots.whileEnough(sc, tasks, () -> BarrierStage.run(blocks, key, (TaskLinks links,
          Iterator<Examples> partition) -> epochInTask(start.value(), links, partition)).collect().get(0)).orElse(null);
    } finally {
      start.destroy();
    }
  }

  /** One task's epoch; task 0 hands back where it ended (every task ends alike). */
  private static EpochEnd epochInTask(EpochStart st, TaskLinks links, Iterator<Examples> partition) {
    List<Examples> mine = new ArrayList<>();
    partition.forEachRemaining(mine::add);
    BatchSource here = new BatchSource() {
      @Override
      public long size() { return st.size(); }

      @Override
      public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
          int epoch, int batch, boolean withGradient) {
        GradientSum part = partitionSum(mine.iterator(), links.self(), theta, shape, propagation, plan, epoch, batch,
            withGradient);
        return GradientSum.unpacked(links.allReduce(part.packed(),
            parts -> inOrder(parts.stream().map(GradientSum::unpacked).toList()).packed()));
      }
    };
    Optimizer optimizer = st.settings().create();
    optimizer.restore(st.state(), null);
    double[] theta = st.theta().clone();
    EpochSteps.Sums sums = EpochSteps.run(optimizer, theta, st.plan().batchesPerEpoch(),
        b -> here.objective(st.shape(), st.reg(), st.propagation(), st.plan(), st.epoch(), b), b -> {});
    return links.self() == 0 ? new EpochEnd(theta, optimizer.state(), sums) : null;
  }
}
