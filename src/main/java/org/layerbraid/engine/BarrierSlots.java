package org.layerbraid.engine;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The task slots a barrier stage can have: Spark starts all of a barrier stage's tasks at once, and
 * a stage it reruns (after a lost task, or for output lost with an executor) waits for as many
 * slots as it has tasks, for ever, when the cluster has fewer left.
 */
public final class BarrierSlots {
  private BarrierSlots() {}

  /** How often {@link #whileEnough} looks at the slots. */
  private static final long WATCH_MS = 1000;
  private static final AtomicLong TAGS = new AtomicLong();
  private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "layerbraid-barrier-slots");
    t.setDaemon(true);
    return t;
  });

  /**
   * The task slots the live executors offer now, busy or not: all their cores over
   * {@code spark.task.cpus}, in local mode the thread count; 0 under dynamic allocation.
   */
  public static int free(JavaSparkContext sc) {
    // Spark's own count, the one its barrier check and its offers compare a stage's tasks with
    // (Scala-private, public in the bytecode). The status tracker lists the executors but not their
    // cores, and a standalone executor without spark.executor.cores takes all of its worker's, so
    // counting from it would either stall barrier stages (too many) or needlessly avoid them (too few).
    SparkContext c = sc.sc();
    // Spark refuses every barrier stage while dynamic allocation may add and remove executors (local
    // mode ignores the setting): none can run.
    if (!c.isLocal() && c.conf().getBoolean("spark.dynamicAllocation.enabled", false)) return 0;
    return c.maxNumConcurrentTasks(c.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * Makes Spark fail a barrier job within about 5 s, not 10 minutes, when its slots are short at
   * submission (15 s between checks and 40 checks by default), unless the user set either: slots
   * lost in the instant between {@link #free} and a job's submission are past {@link #whileEnough}'s
   * reach (a job waiting for its check is not active yet, so it cannot be cancelled), and the run
   * goes on without barrier stages only once Spark gives up on it.
   */
  public static void failFastOnShortSlots(SparkConf conf) {
    conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s");
    conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "5");
  }

  /**
   * Runs {@code job} (Spark jobs with a barrier stage of {@code tasks} tasks) and returns its
   * result; when the slots drop below {@code tasks} while it runs, cancels its jobs and returns
   * empty instead of waiting for slots that may never come back.
   */
  public static <T> Optional<T> whileEnough(JavaSparkContext sc, int tasks, Supplier<T> job) {
    // A tag of its own: a cancellation reaches Spark's scheduler later, and must not hit the next job.
    String tag = "layerbraid-barrier-" + TAGS.incrementAndGet();
    AtomicBoolean lost = new AtomicBoolean();
    ScheduledFuture<?> watch = WATCH.scheduleWithFixedDelay(() -> {
      if (!lost.get() && free(sc) < tasks) {
        lost.set(true);
        // The one-argument form: Spark 3.5 has no reason argument. Why is logged by the caller.
        sc.cancelJobsWithTag(tag);
      }
    }, WATCH_MS, WATCH_MS, TimeUnit.MILLISECONDS);
    sc.addJobTag(tag);
    try {
      return Optional.of(job.get());
    } catch (Exception e) { // a cancelled job's SparkException, which Java cannot name (it is checked)
      // Cancelled by the watch, or failed by Spark's own check before the watch looked.
      if (lost.get() || free(sc) < tasks) return Optional.empty();
      throw e;
    } finally {
      watch.cancel(false);
      sc.removeJobTag(tag);
    }
  }
}
