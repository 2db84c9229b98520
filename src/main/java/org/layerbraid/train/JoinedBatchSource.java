package org.layerbraid.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layerbraid.data.Blocks;
import org.layerbraid.model.Regularization;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.data.Examples;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * The partitions' blocks held in this JVM as one set, each batch solved as one problem: for MGRIT,
 * whose engine cuts a batch its own way (layer blocks × data shards). A minibatch is drawn from
 * every block as the partitioned sources draw it, so a run with MGRIT sees the examples a serial
 * run sees, step for step, and a converged solve trains as serial propagation does.
 */
public final class JoinedBatchSource implements BatchSource, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final Examples all;
  private final int[] starts;
  /** This set as a broadcast, made once for all epochs that run in tasks; Spark drops it with the source. */
  private transient Broadcast<JoinedBatchSource> shared;

  /** The blocks in partition order, as {@code JavaRDD.collect()} returns them. */
  public JoinedBatchSource(List<Examples> blocks) {
    this.all = Blocks.concat(blocks);
    this.starts = new int[blocks.size() + 1];
    for (int b = 0; b < blocks.size(); b++) starts[b + 1] = starts[b] + blocks.get(b).size();
  }

  @Override
  public long size() { return all.size(); }

  @Override
  public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
      int epoch, int batch, boolean withGradient) {
    return BatchEvaluation.evaluate(new ResNet(shape, theta), propagation, batch(plan, epoch, batch), withGradient, 0);
  }

  /** The examples of batch b of the epoch. */
  Examples batch(MinibatchPlan plan, int epoch, int b) {
    return plan.fullBatch() ? all : all.select(indices(plan, epoch, b));
  }

  /** The labels of batch b of the epoch (of a minibatch plan), without its features. */
  int[] labels(MinibatchPlan plan, int epoch, int b) {
    int[] at = indices(plan, epoch, b), labels = new int[at.length];
    for (int k = 0; k < at.length; k++) labels[k] = all.label(at[k]);
    return labels;
  }

  /**
   * With layer-parallel MGRIT whose weights can stay in Spark tasks, the whole epoch there
   * ({@link ResidentEpochs}); otherwise null, and the trainer takes the steps.
   */
  @Override
  public EpochEnd wholeEpoch(double[] theta, Optimizer.Settings optimizer, Optimizer.State state, NetworkShape shape,
      Regularization reg, LayerPropagation propagation, MinibatchPlan plan, int epoch) {
    MgritPropagation mgrit = propagation.unwrap(MgritPropagation.class);
    return mgrit == null ? null : ResidentEpochs.run(mgrit, this, theta, optimizer, state, shape, reg, plan, epoch);
  }

  /** This set as a broadcast in {@code sc}, made on the first call: the tasks of every later epoch read it too. */
  Broadcast<JoinedBatchSource> shared(JavaSparkContext sc) {
    if (shared == null) shared = sc.broadcast(this);
    return shared;
  }

  /** Positions in the joined set of the examples each block gives minibatch {@code batch}, block by block. */
  private int[] indices(MinibatchPlan plan, int epoch, int batch) {
    return IntStream.range(0, starts.length - 1)
        .flatMap(b -> Arrays.stream(plan.indices(starts[b + 1] - starts[b], b, epoch, batch)).map(i -> starts[b] + i))
        .toArray();
  }
}
