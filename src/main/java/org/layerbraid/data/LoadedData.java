package org.layerbraid.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;

/**
 * A loaded data set: training blocks (one per partition, cached), local validation examples (null
 * when there are none) and, where the data set has one, its held-out test set.
 */
public final class LoadedData {
  private final JavaRDD<Examples> train;
  private final long trainSize;
  private final Examples validation;
  private final Optional<Examples> test;
  private final int dim;
  private final int numClasses;
  private final String description;
  private List<Examples> driverCopy;

  public LoadedData(JavaRDD<Examples> train, long trainSize, Examples validation, Optional<Examples> test, int dim,
      int numClasses, String description) {
    this.train = Objects.requireNonNull(train, "train");
    this.trainSize = trainSize;
    this.validation = validation;
    this.test = Objects.requireNonNull(test, "test");
    this.dim = dim;
    this.numClasses = numClasses;
    this.description = description;
  }

  public JavaRDD<Examples> train() { return train; }

  public long trainSize() { return trainSize; }

  public Examples validation() { return validation; }

  public Optional<Examples> test() { return test; }

  public int dim() { return dim; }

  public int numClasses() { return numClasses; }

  public String description() { return description; }

  /**
   * The training blocks in the driver, in partition order, for training that sums or solves there.
   * Fetched once and kept, one partition at a time: a single collect of Fashion-MNIST's two 170 MB
   * blocks needed both serialized results and a copy of each at once, and ran a 4 GB driver out of
   * heap when a benchmark trained twice in one JVM.
   */
  public synchronized List<Examples> driverCopy() {
    if (driverCopy == null) {
      List<Examples> blocks = new ArrayList<>(train.getNumPartitions());
      for (int p = 0; p < train.getNumPartitions(); p++) {
        int[] one = {p};
        blocks.addAll(SparkErrors.unwrap(() -> train.collectPartitions(one))[0]);
      }
      driverCopy = List.copyOf(blocks);
    }
    return driverCopy;
  }
}
