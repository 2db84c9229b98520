package org.layerbraid.engine;

import org.apache.spark.api.java.JavaSparkContext;

/** Engine factories that put a solve's time points in Spark. */
public final class SparkEngines {
  private SparkEngines() {}

  /**
   * Each solve in an RDD of {@code layerPartitions} layer blocks per level × {@code dataShards}
   * column shards of its states ({@code width} rows).
   */
  public static MgritPropagation.EngineFactory factory(JavaSparkContext sc, int layerPartitions, int dataShards, int width,
      int checkpointEvery) {
    return new MgritPropagation.EngineFactory() {
      @Override
      public org.layerbraid.mgrit.Engine<double[]> create(org.layerbraid.mgrit.Hierarchy h,
          org.layerbraid.mgrit.TimeStepper<double[]> s) {
        return new SparkEngine(sc, h, s, layerPartitions, new ColumnShards(width, dataShards), checkpointEvery);
      }
    };
  }
}
