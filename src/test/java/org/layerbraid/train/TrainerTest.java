package org.layerbraid.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.DivergenceException;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.Progress;
import org.layerbraid.resnet.MgritPropagation;

/** What a full-batch L-BFGS run asks of its batch source: each point once, unless a warm start makes a second answer better. */
class TrainerTest {
  private static final List<Examples> BLOCKS = Blocks.split(Peaks.sample(40, 5), 2);
  private static final NetworkShape SHAPE = new NetworkShape(Peaks.DIM, 6, 8, Peaks.CLASSES, 1.0, Activation.TANH,
      BiasMode.SCALAR);
  private static final Regularization REG = new Regularization(1e-4, 1e-3, 1e-4, true);
  private static final Progress QUIET = Progress.forMode("quiet", new PrintStream(OutputStream.nullOutputStream()));
  private static final int STEPS = 25;

  /** The in-JVM source, recording the parameters of every sum it is asked for. */
  private static final class Recording implements BatchSource {
    final BatchSource inner = new LocalBatchSource(BLOCKS);
    final List<double[]> points = new ArrayList<>();

    @Override
    public long size() { return inner.size(); }

    @Override
    public GradientSum sum(double[] theta, NetworkShape shape, LayerPropagation propagation, MinibatchPlan plan,
        int epoch, int batch, boolean withGradient) {
      points.add(theta.clone());
      return inner.sum(theta, shape, propagation, plan, epoch, batch, withGradient);
    }

    int repeatedPoints() {
      Set<List<Double>> seen = new HashSet<>();
      int repeats = 0;
      for (double[] p : points) {
        List<Double> key = new ArrayList<>();
        for (double v : p) key.add(v);
        if (!seen.add(key)) repeats++;
      }
      return repeats;
    }
  }

  private static TrainingSettings lbfgs() {
    return new TrainingSettings(STEPS, 0, Optimizer.Settings.defaults(Optimizer.Kind.LBFGS), REG, 1.0, false, 2, 1, 1,
        TrainingSettings.Gradients.DRIVER);
  }

  private static double[] theta0() {
    return new Initialization(1, 1, 1, 3).draw(SHAPE);
  }

  @Test
  void exactFullBatchGradientsAreSummedOncePerPointWithTheNumbersOfReevaluating() {
    Recording source = new Recording();
    TrainingResult r = new Trainer(source, null, new SerialPropagation(), QUIET).train(SHAPE, theta0(), lbfgs(), 0, 0);
    assertEquals(STEPS, r.steps());
    assertEquals(0, source.repeatedPoints(), source.points.size() + " sums in " + STEPS + " steps");
    assertTrue(source.points.size() >= STEPS + 1, "a step needs at least its trial point: " + source.points.size());

    // The same optimiser given a new objective object at every step evaluates every step's start
    // again; the values are the same, so the parameters must be too, to the last bit.
    Recording again = new Recording();
    Optimizer optimizer = lbfgs().optimizer().create();
    MinibatchPlan plan = MinibatchPlan.of(1, 0, again.size());
    double[] theta = theta0();
    for (int epoch = 1; epoch <= STEPS; epoch++) {
      optimizer.step(theta, again.objective(SHAPE, REG, new SerialPropagation(), plan, epoch, 0));
    }
    assertArrayEquals(theta, r.theta(), 0);
    assertEquals(again.points.size() - source.points.size(), STEPS - 1, "one sum saved per step after the first");
  }

  private static PropagationSpec oneShot(PropagationSpec.EngineKind engine) {
    return new PropagationSpec(PropagationSpec.Kind.MGRIT, true, MgritOptions.DEFAULTS, CoarseWeights.MEAN, 1, 1, engine,
        1, 1, StallPolicy.NONE);
  }

  /** Training with the in-JVM engine runs with no Spark context (none is made in this class); the Spark engine needs one. */
  @Test
  void inJvmPropagationNeedsNoSparkContextAndRefusesTheSparkEngine() {
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "no Spark context in this test class");
    String m = assertThrows(IllegalArgumentException.class,
        () -> PropagationFactory.inJvm().create(oneShot(PropagationSpec.EngineKind.SPARK), true)).getMessage();
    assertTrue(m.contains("mgrit.engine = spark needs a Spark context"), m);
  }

  @Test
  void warmStartedOneShotMgritIsAskedAgainAtTheStartOfEveryStep() {
    LayerPropagation oneShot = PropagationFactory.inJvm().create(oneShot(PropagationSpec.EngineKind.JVM), true);
    assertTrue(oneShot.keepsShardState(), "full-batch one-shot MGRIT warm-starts");
    Recording source = new Recording();
    new Trainer(source, null, oneShot, QUIET).train(SHAPE, theta0(), lbfgs(), 0, 0);
    // Every step after the first starts where the last one ended (the accepted trial, or the last start).
    assertEquals(STEPS - 1, source.repeatedPoints());
  }

  /**
   * A stall detector is part of the training method, so its time counts in the run's; a study's
   * monitor is not, so its time does not. Each sleeps 0.1 s after every one of 4 epochs.
   */
  @Test
  void theMethodsTimeIsChargedToTheRunAndTheMonitorsIsNot() {
    EpochMonitor slow = (record, shape, theta) -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    };
    TrainingSettings s = lbfgs().withEpochs(4);
    TrainingResult charged = new Trainer(new LocalBatchSource(BLOCKS), null, new SerialPropagation(), QUIET, slow,
        EpochMonitor.NONE, StepLabels.NONE).train(SHAPE, theta0(), s, 0, 0);
    TrainingResult free = new Trainer(new LocalBatchSource(BLOCKS), null, new SerialPropagation(), QUIET,
        EpochMonitor.NONE, slow, StepLabels.NONE).train(SHAPE, theta0(), s, 0, 0);
    assertTrue(charged.seconds() >= 0.4, "charged: " + charged.seconds() + " s");
    // The last epoch's sleep comes after its record; the three before it show in the elapsed time.
    assertTrue(charged.history().get(3).elapsedSeconds() >= 0.3, charged.history().toString());
    assertArrayEquals(charged.theta(), free.theta(), "the monitors change nothing else");
    assertTrue(free.seconds() < charged.seconds() - 0.3, "free: " + free.seconds() + " s, charged: " + charged.seconds());
  }

  @Test
  void anExplodingLossStopsTheRunWithOneLineNamingTheSetting() {
    Optimizer.Settings d = Optimizer.Settings.defaults(Optimizer.Kind.ADAM);
    Optimizer.Settings huge = new Optimizer.Settings(d.kind(), 1e6, d.momentum(), d.beta1(), d.beta2(), d.epsilon(),
        d.lbfgsMemory(), d.lineSearchMaxSteps());
    TrainingSettings adam = new TrainingSettings(5, 0, huge, REG, 1.0, false, 2, 1, 1, TrainingSettings.Gradients.DRIVER);
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new Trainer(new LocalBatchSource(BLOCKS), null, new SerialPropagation(), QUIET).train(SHAPE, theta0(), adam, 0, 0));
    assertTrue(e.getMessage().startsWith("training diverged at level 1 (8 layers), epoch 2: training loss 578.7 is above 100 x ln(5 classes)")
        && e.getMessage().endsWith("lower train.learningRate (1000000.0 with adam) or model.T"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void convergedMgritThatMissesItsToleranceStopsTheRun() {
    MgritOptions o = new MgritOptions(10, new int[] {2}, new int[] {1}, 2, 1e-14, 0, 1, true, false);
    LayerPropagation mgrit = MgritPropagation.converged(o, CoarseWeights.MEAN, InJvmEngine.factory(1)).stoppingOnFailure();
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new Trainer(new LocalBatchSource(BLOCKS), null, mgrit, QUIET).train(SHAPE, theta0(), lbfgs(), 0, 0));
    assertTrue(e.getMessage().startsWith("MGRIT forward solve through 8 layers did not converge: residual ")
        && e.getMessage().contains("after mgrit.maxIter = 1 cycles"), e.getMessage());
  }
}
