package org.layerbraid.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.model.ConfusionMatrix;
import org.layerbraid.model.ResNet;

/**
 * Which of the examples a config names {@code evaluate} classifies. The data are loaded exactly as
 * {@code train} loads them (same split, same seed), so the validation split of a training config
 * is the set train reported its validation accuracy on.
 */
enum Split {
  TRAIN, VALIDATION, TEST,
  /** Training, validation and test examples together: every example of a file of new data. */
  ALL;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Split parse(String name) {
    for (Split s : values()) if (s.id().equals(name.strip().toLowerCase(Locale.ROOT))) return s;
    throw new IllegalArgumentException("--split must be one of " + Arrays.stream(values()).map(Split::id)
        .collect(Collectors.joining(", ")) + ", got '" + name + "'");
  }

  /** The held-out examples: the data set's test set when it has one, else its validation set. */
  static Split heldOut(DataSpec spec) {
    return spec.kind().hasTestSet() ? TEST : VALIDATION;
  }

  /**
   * This split's examples when they lie in files of their own, read without the training data
   * ({@link DataSets#loadSeparately}); empty when only the whole load gives them.
   */
  Optional<DataSets.HeldOut> readAlone(SparkSession spark, DataSpec spec) {
    return this == TEST || this == VALIDATION ? DataSets.loadSeparately(spark, spec, this == TEST) : Optional.empty();
  }

  ConfusionMatrix classify(ResNet net, DataSets.HeldOut alone) {
    return nonEmpty(ConfusionMatrix.of(net, alone.examples()), alone.description());
  }

  /** Classifies this split's examples; the training blocks where they lie, in their Spark partitions. */
  ConfusionMatrix classify(ResNet net, LoadedData data) {
    ConfusionMatrix m = switch (this) {
      case TRAIN -> distributed(net, data.train());
      case VALIDATION -> ConfusionMatrix.of(net, data.validation());
      case TEST -> ConfusionMatrix.of(net, data.test().orElseThrow(() -> new IllegalArgumentException(
          "--split test: " + data.description() + " has no test set; use train, validation or all")));
      case ALL -> {
        ConfusionMatrix all = distributed(net, data.train()).add(ConfusionMatrix.of(net, data.validation()));
        data.test().ifPresent(t -> all.add(ConfusionMatrix.of(net, t)));
        yield all;
      }
    };
    return nonEmpty(m, data.description()
        + (this == VALIDATION ? " (data.validationFraction = 0 and no data.validationPath; use --split train or all)" : ""));
  }

  private ConfusionMatrix nonEmpty(ConfusionMatrix m, String what) {
    if (m.total() == 0) throw new IllegalArgumentException("--split " + id() + ": no examples in " + what);
    return m;
  }

  private static ConfusionMatrix distributed(ResNet net, JavaRDD<Examples> blocks) {
    return blocks.map(b -> ConfusionMatrix.of(net, b)).reduce(ConfusionMatrix::add);
  }
}
