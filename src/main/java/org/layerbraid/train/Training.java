package org.layerbraid.train;

import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.data.LoadedData;
import org.layerbraid.engine.ResidentEngine;
import org.layerbraid.engine.ResidentSteps;
import org.layerbraid.engine.SparkEngine;
import org.layerbraid.engine.SparkEngines;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.Progress;

/**
 * The one implementation of training behind the CLI and the Spark ML estimator: builds the
 * network for the data, draws its initial weights, chooses where batches are summed, and trains.
 *
 * <p>Serial propagation sums the batch over the Spark partitions of the training set (data
 * parallel), or over the same blocks in the driver ({@link TrainingSettings.Gradients}). MGRIT
 * propagation solves the whole batch as one problem driven from here: with the in-JVM engine in
 * this JVM, with the Spark engine in partitions of layer blocks × data shards; the driver keeps
 * the warm starts between steps.
 */
public final class Training {
  private Training() {}

  /** Lineage of the Spark engine's level RDDs is cut after this many operations on a level. */
  private static final int CHECKPOINT_EVERY = 20;

  public static TrainingResult fit(LoadedData data, ModelSpec model, PropagationSpec propagationSpec,
      TrainingSettings settings, Progress progress) {
    return fitNested(data, model, propagationSpec, settings, NestedSettings.off(), progress).result();
  }

  /** Trains with a nested-iteration schedule ending at the model's depth (one level: plain training). */
  public static TrainingResult fit(LoadedData data, ModelSpec model, PropagationSpec propagationSpec,
      TrainingSettings settings, NestedSettings nested, Progress progress) {
    return fitNested(data, model, propagationSpec, settings, nested, progress).result();
  }

  /** As {@link #fit(LoadedData, ModelSpec, PropagationSpec, TrainingSettings, NestedSettings, Progress)}, with every level's network. */
  public static NestedResult fitNested(LoadedData data, ModelSpec model, PropagationSpec propagationSpec,
      TrainingSettings settings, NestedSettings nested, Progress progress) {
    return fitNested(data, model, propagationSpec, settings, nested, progress, EpochMonitor.NONE);
  }

  /** As above, with a monitor called after every epoch of every level (its time is not charged to the run). */
  public static NestedResult fitNested(LoadedData data, ModelSpec model, PropagationSpec propagationSpec,
      TrainingSettings settings, NestedSettings nested, Progress progress, EpochMonitor monitor) {
    return fitNested(data, model, propagationSpec, settings, nested, progress, monitor, null, Checkpointing.NONE);
  }

  /**
   * As above, starting from {@code theta0} when it is not null instead of weights drawn with the
   * seed (it holds all weights of the first level's network, {@code nested.shapeAt(shape, 0).size()}),
   * resumed from and saving checkpoints as {@code checkpoints} says.
   */
  public static NestedResult fitNested(LoadedData data, ModelSpec model, PropagationSpec propagationSpec,
      TrainingSettings settings, NestedSettings nested, Progress progress, EpochMonitor monitor, double[] theta0,
      Checkpointing checkpoints) {
    int partitions = data.train().getNumPartitions();
    for (int level = 0; level < nested.levels(); level++) {
      int batch = nested.settingsAt(settings, level).batchSize();
      if (batch > 0 && batch < partitions) {
        // Every batch takes about batchSize/partitions examples from each partition: below one, batches come out empty.
        throw new IllegalArgumentException("batch size " + batch + (nested.enabled() ? " (level " + level + ")" : "")
            + " is smaller than the " + partitions + " partitions of the training data; use a batch size of at least "
            + partitions + " or fewer partitions");
      }
    }
    NetworkShape shape = model.shape(data.dim(), data.numClasses());
    double[] start = theta0 != null ? theta0.clone() : model.initialization(settings.seed()).draw(nested.shapeAt(shape, 0));
    // MGRIT solves the whole batch as one problem; its engine decides how to cut it (layer blocks x data shards).
    // Serial propagation sums the partitions' blocks, on Spark or, collected as they are, in the driver.
    BatchSource source = propagationSpec.kind() == PropagationSpec.Kind.MGRIT
        ? new JoinedBatchSource(data.driverCopy())
        : settings.gradients() == TrainingSettings.Gradients.DRIVER
        ? new LocalBatchSource(data.driverCopy())
        : new SparkBatchSource(data.train(), data.trainSize());
    PropagationFactory inJvm = PropagationFactory.inJvm();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.train().context());
    PropagationFactory propagations = (spec, full) -> switch (spec.engine()) {
      case JVM -> inJvm.create(spec, full);
      // Cold-started steps run whole in one barrier stage; warm-started ones go solve by solve. Both go on where
      // a barrier stage cannot (a worker lost with its cores): the whole step solve by solve, a solve on the stages.
      case SPARK -> spec.create(full, ResidentEngine.factoryFallingBackToStages(sc, spec.layerPartitions(),
          spec.dataShards(), shape.width(), CHECKPOINT_EVERY), new ResidentSteps(sc, spec.layerPartitions(),
          spec.dataShards()));
      case STAGES -> spec.create(full, SparkEngines.factory(sc, spec.layerPartitions(), spec.dataShards(), shape.width(),
          CHECKPOINT_EVERY));
    };
    return named(sc, labels -> new NestedIteration(source, data.validation(), propagationSpec, propagations, progress,
        monitor, labels).run(shape, start, settings, nested, checkpoints));
  }

  /** Loss and accuracy of the kept parameters over the whole training set (data parallel, serial propagation). */
  public static GradientSum evaluate(LoadedData data, NetworkShape shape, double[] theta) {
    return named(JavaSparkContext.fromSparkContext(data.train().context()), labels -> {
      labels.next("accuracy and loss of the kept parameters on the training set");
      return new SparkBatchSource(data.train(), data.trainSize()).wholeSet(theta, shape, new SerialPropagation(), false);
    });
  }

  /** The property SparkContext.setJobDescription sets (its constant is not public). */
  private static final String JOB_DESCRIPTION = "spark.job.description";

  /**
   * Runs {@code work} with this thread's Spark jobs, the Spark engine's too, named in the UI by the
   * labels it gives, then gives the caller's names back (a notebook may have set its own).
   */
  private static <T> T named(JavaSparkContext sc, Function<StepLabels, T> work) {
    String description = sc.getLocalProperty(JOB_DESCRIPTION), context = sc.getLocalProperty(SparkEngine.CONTEXT_PROPERTY);
    try {
      return work.apply(label -> {
        sc.setJobDescription(label);
        sc.setLocalProperty(SparkEngine.CONTEXT_PROPERTY, label);
      });
    } finally {
      sc.setJobDescription(description);
      sc.setLocalProperty(SparkEngine.CONTEXT_PROPERTY, context);
    }
  }
}
