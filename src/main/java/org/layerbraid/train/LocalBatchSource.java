package org.layerbraid.train;

import java.util.List;
import org.layerbraid.data.Examples;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;

/**
 * Blocks held in this JVM, summed in block order, one after another: the Spark source's numbers
 * without a Spark job per batch (gradients in the driver, the in-JVM MGRIT engine, tests).
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
    GradientSum total = new GradientSum(shape.size(), withGradient);
    for (int b = 0; b < blocks.size(); b++) {
      total.add(BatchEvaluation.evaluate(net, propagation, plan.select(blocks.get(b), b, epoch, batch), withGradient, b));
    }
    return total;
  }
}
