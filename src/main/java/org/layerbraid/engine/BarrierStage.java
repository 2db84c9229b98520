package org.layerbraid.engine;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * One barrier stage of tasks that run at once and talk to each other over {@link TaskLinks}: the
 * shape of every resident computation. What the tasks return is read through a shuffle, so the
 * barrier stage is only ever a map stage: Spark reruns it whole when a task fails, or when an
 * executor is lost with its output. A failed barrier result stage Spark cannot rerun (it aborts
 * the job), and a task of one that recomputed a lost partition would wait for the other tasks of a
 * stage that is over.
 */
final class BarrierStage {
  private BarrierStage() {}

  /** A task's work, given its links to the other tasks (its number is {@code links.self()}). */
  interface Body<T> extends Serializable {
    T run(TaskLinks links);
  }

  /**
   * The outputs of {@code tasks} tasks running {@code body} at once, partition t holding task t's;
   * {@code key} names the stage at the driver's rendezvous and must not repeat.
   */
  static <T> JavaRDD<T> run(JavaSparkContext sc, int tasks, String key, Body<T> body) {
    String rendezvous = Rendezvous.onDriver(sc.getConf().get("spark.driver.host", "127.0.0.1")).address();
    List<Integer> ids = new java.util.ArrayList<>();
    for (int t = 0; t < tasks; t++) ids.add(t);
    scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Tuple2<Integer, T>>> task =
        new Task<>(body, tasks, rendezvous, key);
    @SuppressWarnings("unchecked")
    Class<Tuple2<Integer, T>> pair = (Class<Tuple2<Integer, T>>) (Class<?>) Tuple2.class;
    JavaRDD<Tuple2<Integer, T>> out = JavaRDD.fromRDD(sc.parallelize(ids, tasks).rdd().barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(pair)), ClassTag$.MODULE$.apply(pair));
    return out.mapToPair(p -> p).partitionBy(new HashPartitioner(tasks)).values();
  }

  /** The task: its links (one set per stage attempt, so a rerun never meets the failed attempt's tasks), then the body. */
  private record Task<T>(Body<T> body, int tasks, String rendezvous, String key)
      implements scala.Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<Tuple2<Integer, T>>>,
      Serializable {
    @Override
    public scala.collection.Iterator<Tuple2<Integer, T>> apply(scala.collection.Iterator<Integer> ids) {
      BarrierTaskContext context = BarrierTaskContext.get();
      String host = SparkEnv.get().blockManager().blockManagerId().host();
      try (TaskLinks links = new TaskLinks(context, tasks, rendezvous, key + "-attempt-" + context.stageAttemptNumber(),
          host)) {
        Tuple2<Integer, T> out = new Tuple2<>(context.partitionId(), body.run(links));
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(out).iterator());
      }
    }
  }
}
