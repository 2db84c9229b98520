package org.layerbraid.engine;

import java.io.Serializable;
import java.util.Iterator;
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
public final class BarrierStage {
  private BarrierStage() {}

  /** Runs the next jobs in {@code jobGroup}, described by the caller's context (level, epoch, step) and {@code phase}. */
  static void describe(JavaSparkContext sc, String jobGroup, String phase) {
    String context = sc.getLocalProperty(SparkEngine.CONTEXT_PROPERTY);
    sc.setJobGroup(jobGroup, context == null ? phase : context + ": " + phase, false);
  }

  /** A task's work, given its links to the other tasks (its number is {@code links.self()}). */
  public interface Body<T> extends Serializable {
    T run(TaskLinks links);
  }

  /** A task's work on its partition of an input RDD (partition t for task t). */
  public interface PartitionBody<I, T> extends Serializable {
    T run(TaskLinks links, Iterator<I> partition);
  }

  /**
   * The outputs of {@code tasks} tasks running {@code body} at once, partition t holding task t's;
   * {@code key} names the stage at the driver's rendezvous and must not repeat.
   */
  public static <T> JavaRDD<T> run(JavaSparkContext sc, int tasks, String key, Body<T> body) {
    List<Integer> ids = new java.util.ArrayList<>();
    for (int t = 0; t < tasks; t++) ids.add(t);
    return run(sc.parallelize(ids, tasks), key, (links, partition) -> body.run(links));
  }

  /** As above, a task for each partition of {@code input}, each running {@code body} on its partition. */
  public static <I, T> JavaRDD<T> run(JavaRDD<I> input, String key, PartitionBody<I, T> body) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(input.context());
    String rendezvous = Rendezvous.onDriver(sc.getConf().get("spark.driver.host", "127.0.0.1")).address();
    int tasks = input.getNumPartitions();
    scala.Function1<scala.collection.Iterator<I>, scala.collection.Iterator<Tuple2<Integer, T>>> task =
        new Task<>(body, tasks, rendezvous, key);
    @SuppressWarnings("unchecked")
    Class<Tuple2<Integer, T>> pair = (Class<Tuple2<Integer, T>>) (Class<?>) Tuple2.class;
    JavaRDD<Tuple2<Integer, T>> out = JavaRDD.fromRDD(input.rdd().barrier()
        .mapPartitions(task, false, ClassTag$.MODULE$.apply(pair)), ClassTag$.MODULE$.apply(pair));
    return out.mapToPair(p -> p).partitionBy(new HashPartitioner(tasks)).values();
  }

  /** The task: its links (one set per stage attempt, so a rerun never meets the failed attempt's tasks), then the body. */
  private record Task<I, T>(PartitionBody<I, T> body, int tasks, String rendezvous, String key)
      implements scala.Function1<scala.collection.Iterator<I>, scala.collection.Iterator<Tuple2<Integer, T>>>,
      Serializable {
    @Override
    public scala.collection.Iterator<Tuple2<Integer, T>> apply(scala.collection.Iterator<I> partition) {
      BarrierTaskContext context = BarrierTaskContext.get();
      String host = SparkEnv.get().blockManager().blockManagerId().host();
      try (TaskLinks links = new TaskLinks(context, tasks, rendezvous, key + "-attempt-" + context.stageAttemptNumber(),
          host)) {
        T result = body.run(links, scala.jdk.javaapi.CollectionConverters.asJava(partition));
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(new Tuple2<>(context.partitionId(), result))
            .iterator());
      }
    }
  }
}
