package org.layerbraid.train;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.data.Examples;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
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
      List<GradientSum> parts = blocks.mapPartitionsWithIndex((index, it) -> {
        ResNet net = new ResNet(shape, weights.value());
        GradientSum s = new GradientSum(shape.size(), withGradient);
        while (it.hasNext()) {
          s.add(BatchEvaluation.evaluate(net, propagation, plan.select(it.next(), index, epoch, batch), withGradient, index));
        }
        return List.of(s).iterator();
      }, true).collect();
      // Summed in partition order: treeAggregate merges in task-completion order, so from three
      // partitions on the rounding, and with it a whole training run, changed from run to run.
      GradientSum total = new GradientSum(shape.size(), withGradient);
      for (GradientSum part : parts) total.add(part);
      return total;
    } finally {
      weights.destroy();
    }
  }
}
