package org.layerbraid.engine;

import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.mgrit.EngineFactory;

/** Engine factories that put a solve's time points in Spark. */
public final class SparkEngines {
  private SparkEngines() {}

  /**
   * Each solve in an RDD of {@code layerPartitions} layer blocks per level × {@code dataShards}
   * column shards of its states ({@code width} rows).
   */
  public static EngineFactory<double[]> factory(JavaSparkContext sc, int layerPartitions, int dataShards, int width,
      int checkpointEvery) {
    return (h, s) -> new SparkEngine(sc, h, s, layerPartitions, new ColumnShards(width, dataShards), checkpointEvery);
  }
}
