package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.TestData;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.Progress;

/** The joined source MGRIT trains from draws the partitioned sources' minibatches, so it trains as they do. */
class JoinedBatchSourceTest {
  private static final List<Examples> BLOCKS = Blocks.split(Peaks.sample(45, 11), 3);
  private static final NetworkShape SHAPE = new NetworkShape(Peaks.DIM, 8, 6, Peaks.CLASSES, 1.0, Activation.TANH,
      BiasMode.CHANNEL);
  private static final Progress QUIET = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));

  private static double[] theta() {
    return new Initialization(1, 1, 1, 4).draw(SHAPE);
  }

  @Test
  void everyMinibatchAndTheWholeSetSumAsThePartitionedBlocksDo() {
    BatchSource partitioned = new LocalBatchSource(BLOCKS), joined = new JoinedBatchSource(BLOCKS);
    assertEquals(partitioned.size(), joined.size());
    double[] theta = theta();
    for (MinibatchPlan plan : List.of(MinibatchPlan.of(5, 32, 225), MinibatchPlan.of(5, 0, 225))) {
      for (int epoch = 1; epoch <= 2; epoch++) {
        for (int batch = 0; batch < plan.batchesPerEpoch(); batch++) {
          GradientSum p = partitioned.sum(theta, SHAPE, new SerialPropagation(), plan, epoch, batch, true);
          GradientSum j = joined.sum(theta, SHAPE, new SerialPropagation(), plan, epoch, batch, true);
          String where = plan.batchesPerEpoch() + " batches, epoch " + epoch + " batch " + batch;
          assertEquals(p.count, j.count, where);
          assertEquals(p.correct, j.correct, where);
          assertEquals(p.lossSum, j.lossSum, 1e-12 * p.lossSum, where);
          assertTrue(TestData.relDiff(p.grad, j.grad) <= 1e-12, where + ": gradient " + TestData.relDiff(p.grad, j.grad));
        }
      }
    }
  }

  /** Minibatch Adam with converged MGRIT follows serial training; drawn from one block of all examples, it does not. */
  @Test
  void convergedMgritTrainsAsSerialPropagationDoes() {
    TrainingSettings s = new TrainingSettings(3, 40, new Optimizer.Settings(Optimizer.Kind.ADAM, 1e-2, 0.9, 0.9, 0.999,
        1e-8, 10, 20), new Regularization(1e-4, 1e-3, 1e-4, true), 0.9, false, 2, 1, 3,
        TrainingSettings.Gradients.DRIVER);
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 1e-13, 0, 100, true, false);
    LayerPropagation mgrit = MgritPropagation.converged(o, CoarseWeights.MEAN, InJvmEngine.factory(2));

    double[] serial = new Trainer(new LocalBatchSource(BLOCKS), null, new SerialPropagation(), QUIET)
        .train(SHAPE, theta(), s, 0, 0).theta();
    TrainingResult withMgrit = new Trainer(new JoinedBatchSource(BLOCKS), null, mgrit, QUIET).train(SHAPE, theta(), s, 0, 0);
    double[] joined = withMgrit.theta();
    double[] oneBlock = new Trainer(new LocalBatchSource(List.of(Blocks.concat(BLOCKS))), null, mgrit, QUIET)
        .train(SHAPE, theta(), s, 0, 0).theta();

    for (var epoch : withMgrit.history()) {
      assertTrue(epoch.mgritForwardIterations() > 1 && epoch.mgritBackwardIterations() > 1, "MGRIT iterated: " + epoch);
    }
    assertTrue(TestData.relDiff(serial, joined) <= 1e-9, "MGRIT training against serial: " + TestData.relDiff(serial, joined));
    assertTrue(TestData.relDiff(serial, oneBlock) > 1e-3, "other minibatches, other weights: " + TestData.relDiff(serial, oneBlock));
  }
}
