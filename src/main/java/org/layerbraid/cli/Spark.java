package org.layerbraid.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.bench.Machine;
import org.layerbraid.engine.BarrierSlots;
import org.layerbraid.engine.KryoRecords;
import scala.Option;

/** The Spark session of a command: the master spark-submit chose, else the one given, else local mode. */
final class Spark {
  private Spark() {}

  /**
   * A command's session, stopped when the command ends only if the command started it: a session
   * already running in this JVM (a test's, a notebook's) belongs to its owner and is joined as it is.
   */
  record Session(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) spark.stop();
    }
  }

  private static final AtomicBoolean LOG_FILE_SHOWN = new AtomicBoolean();

  /**
   * The file the logging configuration sends Spark's lines to (conf/log4j2.properties does, to keep
   * them off the console), or null when it has none, as in a notebook or a test.
   */
  private static String logFile() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) return null;
    for (Appender a : context.getConfiguration().getAppenders().values()) {
      if (a instanceof FileAppender f) return f.getFileName();
    }
    return null;
  }

  static Session open(String appName, String master) {
    return open(appName, master, "local[*]");
  }

  /**
   * As above; the master is the one given, else the one spark-submit set, else {@code fallback}
   * (a command's own default must not override the {@code --master} given to spark-submit).
   */
  static Session open(String appName, String master, String fallback) {
    Option<SparkSession> running = SparkSession.getDefaultSession();
    boolean joined = running.isDefined() && !running.get().sparkContext().isStopped();
    SparkConf conf = new SparkConf().setAppName(appName);
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(fallback);
    }
    KryoRecords.addTo(conf);
    BarrierSlots.failFastOnShortSlots(conf);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String logFile = logFile();
    if (logFile != null && LOG_FILE_SHOWN.compareAndSet(false, true)) System.err.println("layerbraid: Spark's log: " + logFile);
    // On stderr, so that output.progress=json keeps standard output to JSON lines.
    System.err.println("layerbraid: " + describe(spark.sparkContext()));
    if (spark.sparkContext().isLocal()) { // the driver's environment is the executors' only in local mode
      String warning = Machine.probe().blasThreadWarning();
      if (warning != null) System.err.println(warning);
    }
    return new Session(spark, !joined);
  }

  /** Where to watch the run: application id, master and UI address. */
  static String describe(SparkContext sc) {
    String ui = sc.uiWebUrl().isDefined() ? "Spark UI " + sc.uiWebUrl().get() : "no Spark UI (spark.ui.enabled=false)";
    return "Spark application " + sc.applicationId() + " on " + sc.master() + ", " + ui;
  }
}
