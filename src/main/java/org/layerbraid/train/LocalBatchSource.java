package org.layerbraid.train;

import java.util.List;
import java.util.stream.IntStream;
import org.layerbraid.data.Examples;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * Blocks held in this JVM, summed in block order: the Spark source's numbers without a Spark job
 * per batch (gradients in the driver, tests; MGRIT solves a batch whole, in
 * {@link JoinedBatchSource}). The blocks are evaluated on the common fork-join pool when the
 * propagation allows concurrent solves, one after another otherwise; the sum's order, and so its
 * rounding, is the same either way.
 */
public final class LocalBatchSource implements BatchSource {
  private final List<Examples> blocks;

  public LocalBatchSource(List<Examples> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public long size() { return blocks.stream().mapToLong(Examples::size).sum(); }

  @Override
  public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
      int epoch, int batch, boolean withGradient) {
    ResNet net = new ResNet(shape, theta);
    IntStream indices = IntStream.range(0, blocks.size());
    List<GradientSum> parts = (propagation.concurrent() ? indices.parallel() : indices)
        .mapToObj(b -> BatchEvaluation.evaluate(net, propagation, plan.select(blocks.get(b), b, epoch, batch), withGradient, b))
        .toList();
    GradientSum total = new GradientSum(shape.size(), withGradient);
    for (GradientSum part : parts) total.add(part);
    return total;
  }
}
