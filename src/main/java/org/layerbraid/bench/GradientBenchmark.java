package org.layerbraid.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.layerbraid.data.Blocks;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.GradientSum;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.train.BatchSource;
import org.layerbraid.train.LocalBatchSource;
import org.layerbraid.train.SparkBatchSource;

/**
 * {@code layerbraid bench gradients}: what one full-batch loss and gradient cost in each place
 * {@code train.gradients} can put them — a Spark job over the training set's partitions, or the
 * same blocks summed in the driver — for networks of several depths, beside a Spark job that does
 * nothing: the fixed cost a step pays on Spark whatever its depth, and the reason a shallow level of
 * nested iteration is cheap only in the driver. Every round times the three one after another, so
 * that a change in the machine's load hits them alike.
 */
public final class GradientBenchmark {
  /** Untimed rounds per depth first: the JIT and Spark's job machinery take a few dozen jobs to settle. */
  private static final int WARMUP_ROUNDS = 20;

  private GradientBenchmark() {}

  /** The settings of a run: Peaks points per class, a smoothrelu network of the given width and depths. */
  public record Options(List<Integer> depths, int width, int perClass, int partitions, int cores, int rounds, long seed) {}

  /**
   * Milliseconds per evaluation in each place and of the empty job timed beside them, and how far
   * apart the two places' gradients are (relative).
   */
  public record Row(int depth, Stats sparkMs, Stats driverMs, Stats emptyJobMs, double maxRelDiff) {
    public double ratio() { return sparkMs.median() / driverMs.median(); }
  }

  public record Result(Machine machine, String loadBefore, String loadAfter, Options options, int examples,
      List<Row> rows) {}

  public static Result run(Options o, PrintStream progress) {
    Machine machine = Machine.probe();
    String loadBefore = EngineBenchmark.load();
    SparkConf conf = new SparkConf().setMaster("local[" + o.cores() + "]").setAppName("layerbraid bench gradients")
        .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      Examples all = Peaks.sample(o.perClass(), o.seed());
      JavaRDD<Examples> blocks = Blocks.distribute(sc, all, o.partitions());
      BatchSource spark = new SparkBatchSource(blocks, all.size());
      BatchSource driver = new LocalBatchSource(blocks.collect());

      List<Row> rows = new ArrayList<>();
      for (int depth : o.depths()) {
        NetworkShape shape = new NetworkShape(Peaks.DIM, o.width(), depth, Peaks.CLASSES, 1.0, Activation.SMOOTHRELU,
            BiasMode.SCALAR);
        double[] theta = new Initialization(1, 1, 1, o.seed()).draw(shape);
        double[] onSpark = new double[o.rounds()], inDriver = new double[o.rounds()], empty = new double[o.rounds()];
        GradientSum a = null, b = null;
        for (int r = -WARMUP_ROUNDS; r < o.rounds(); r++) {
          long t0 = System.nanoTime();
          blocks.foreachPartition(it -> {});
          long t1 = System.nanoTime();
          a = sum(spark, shape, theta);
          long t2 = System.nanoTime();
          b = sum(driver, shape, theta);
          long t3 = System.nanoTime();
          if (r >= 0) {
            empty[r] = (t1 - t0) * 1e-6;
            onSpark[r] = (t2 - t1) * 1e-6;
            inDriver[r] = (t3 - t2) * 1e-6;
          }
        }
        Row row = new Row(depth, Stats.of(onSpark), Stats.of(inDriver), Stats.of(empty),
            EngineBenchmark.maxRelDiff(new double[][] {a.grad}, new double[][] {b.grad}));
        rows.add(row);
        say(progress, "depth %d: on Spark %.1f ms, in the driver %.1f ms, empty job %.1f ms (%s)", depth,
            row.sparkMs().median(), row.driverMs().median(), row.emptyJobMs().median(), EngineBenchmark.load());
      }
      return new Result(machine, loadBefore, EngineBenchmark.load(), o, all.size(), rows);
    }
  }

  private static GradientSum sum(BatchSource source, NetworkShape shape, double[] theta) {
    return source.wholeSet(theta, shape, new SerialPropagation(), true);
  }

  /** The result as a Markdown table with its setting, machine and load. */
  public static String table(Result r) {
    Options o = r.options();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "One full-batch loss + gradient over %d Peaks points, width %d, smoothrelu,"
        + " serial propagation; %d partitions, local[%d]; %d timed rounds, medians ± half the interquartile range.%n",
        r.examples(), o.width(), o.partitions(), o.cores(), o.rounds()));
    s.append("machine: ").append(r.machine().describe()).append('\n');
    s.append("load: before ").append(r.loadBefore()).append(", after ").append(r.loadAfter()).append('\n');
    s.append('\n');
    s.append("| depth | on Spark (ms) | in the driver (ms) | Spark ÷ driver | a Spark job doing nothing (ms) | max rel. diff |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (Row row : r.rows()) {
      s.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %s | %.1e |%n", row.depth(),
          row.sparkMs().format("%.1f"), row.driverMs().format("%.1f"), row.ratio(), row.emptyJobMs().format("%.1f"),
          row.maxRelDiff()));
    }
    if (r.rows().size() > 1) {
      Row first = r.rows().get(0), last = r.rows().get(r.rows().size() - 1);
      s.append(String.format(Locale.ROOT, "%ndepth %d ÷ depth %d: %.2f on Spark, %.2f in the driver%n", last.depth(),
          first.depth(), last.sparkMs().median() / first.sparkMs().median(),
          last.driverMs().median() / first.driverMs().median()));
    }
    return s.toString();
  }

  private static void say(PrintStream progress, String format, Object... args) {
    if (progress != null) progress.println(String.format(Locale.ROOT, format, args));
  }
}
