package org.layerbraid.data;

import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;

/**
 * A loaded data set: training blocks (one per partition, cached), local validation examples and,
 * where the data set has one, its held-out test set.
 */
public record LoadedData(JavaRDD<Examples> train, long trainSize, Examples validation, Optional<Examples> test,
    int dim, int numClasses, String description) {}
