package org.layerbraid.train;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** Counts the Spark jobs a piece of work starts: how a test tells a job per step from a stage per epoch. */
final class SparkJobs {
  private SparkJobs() {}

  /** The work's result, with the jobs it started added to {@code jobs} (the listener bus drained first). */
  static <T> T counted(JavaSparkContext sc, AtomicInteger jobs, Supplier<T> work) {
    SparkListener count = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) { jobs.incrementAndGet(); }
    };
    sc.sc().addSparkListener(count);
    try {
      T result = work.get();
      sc.sc().listenerBus().waitUntilEmpty();
      return result;
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    } finally {
      sc.sc().removeSparkListener(count);
    }
  }
}
