package org.layerbraid.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.layerbraid.data.LoadedData;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.Progress;
import org.layerbraid.train.BatchSource;
import org.layerbraid.train.LocalBatchSource;
import org.layerbraid.train.MinibatchPlan;
import org.layerbraid.train.SparkBatchSource;
import org.layerbraid.train.Trainer;
import org.layerbraid.train.TrainingResult;
import org.layerbraid.train.TrainingSettings;

/**
 * {@code layerbraid bench epoch}: data-parallel minibatch epochs (serial propagation, gradients
 * summed over the data's Spark partitions) taken three ways in one Spark context, in paired rounds:
 * a Spark job per minibatch step, the whole epoch in one barrier stage, and the same blocks summed
 * in the driver ({@code train.gradients=driver}, the one-machine choice). All must end at the same
 * parameters, bit for bit; the difference in time, per step, is what a job per step costs, and
 * what the stage's exchange between tasks costs against no exchange.
 */
public final class EpochBenchmark {
  private EpochBenchmark() {}

  /** Seconds per epoch of each way in each round, and whether every pair ended alike. */
  public record Result(Machine machine, String master, int partitions, int stepsPerEpoch, int epochs, String loadBefore,
      String loadAfter, List<double[]> rounds, boolean sameParameters) {

    /** Seconds per epoch, step by step. */
    public Stats stepByStep() { return Stats.of(rounds.stream().mapToDouble(r -> r[0]).toArray()); }

    /** Seconds per epoch, whole. */
    public Stats whole() { return Stats.of(rounds.stream().mapToDouble(r -> r[1]).toArray()); }

    /** Seconds per epoch, summed in the driver. */
    public Stats driver() { return Stats.of(rounds.stream().mapToDouble(r -> r[2]).toArray()); }

    /** Milliseconds a job per step costs beyond the whole epoch's stage, per step, median of the rounds' differences. */
    public double savedMsPerStep() {
      return 1e3 * Stats.of(rounds.stream().mapToDouble(r -> (r[0] - r[1]) / stepsPerEpoch).toArray()).median();
    }

    public String table() {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT, "machine: %s%n%s%n%s before, %s after%n%n", machine.describe(),
          machine.describeBlas(), loadBefore, loadAfter));
      s.append(String.format(Locale.ROOT, "%d epochs of %d minibatch steps over %d partitions on %s, per round; seconds"
          + " per epoch:%n%n| round | a job per step | one stage per epoch | summed in the driver | job ÷ stage"
          + " | stage ÷ driver |%n|---|---|---|---|---|---|%n", epochs, stepsPerEpoch, partitions, master));
      for (int r = 0; r < rounds.size(); r++) {
        double[] t = rounds.get(r);
        s.append(String.format(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %.2f | %.2f |%n", r + 1, t[0], t[1], t[2],
            t[0] / t[1], t[1] / t[2]));
      }
      s.append(String.format(Locale.ROOT, "| median | %.3f | %.3f | %.3f | %.2f | %.2f |%n%n", stepByStep().median(),
          whole().median(), driver().median(), stepByStep().median() / whole().median(),
          whole().median() / driver().median()));
      s.append(String.format(Locale.ROOT, "A job per step costs %.1f ms per step more (median over rounds). Same"
          + " parameters bit for bit in every round: %s%n", savedMsPerStep(), sameParameters ? "yes" : "NO"));
      return s.toString();
    }
  }

  /**
   * Trains {@code s.epochs()} epochs from theta0 the three ways per round, after an untimed warm-up of
   * each; each time is the trainer's own (loading and the context are outside it).
   */
  public static Result run(LoadedData data, NetworkShape shape, double[] theta0, TrainingSettings s, int rounds,
      PrintStream progress) {
    String loadBefore = EngineBenchmark.load();
    SparkBatchSource whole = new SparkBatchSource(data.train(), data.trainSize());
    BatchSource steps = whole.stepByStep();
    int stepsPerEpoch = MinibatchPlan.of(s.seed(), s.batchSize(), data.trainSize()).batchesPerEpoch();
    if (stepsPerEpoch < 2) {
      throw new IllegalArgumentException("train.batchSize " + s.batchSize() + " makes one step an epoch over "
          + data.trainSize() + " examples: nothing to take together; bench epoch is for minibatch training");
    }
    BatchSource driver = new LocalBatchSource(data.driverCopy());
    TrainingSettings warm = s.withEpochs(1);
    train(steps, shape, theta0, warm);
    train(whole, shape, theta0, warm);
    train(driver, shape, theta0, warm);
    List<double[]> times = new ArrayList<>();
    boolean same = true;
    for (int r = 0; r < rounds; r++) {
      TrainingResult a = train(steps, shape, theta0, s), b = train(whole, shape, theta0, s);
      TrainingResult c = train(driver, shape, theta0, s);
      same &= Arrays.equals(a.theta(), b.theta()) && Arrays.equals(a.theta(), c.theta());
      times.add(new double[] {a.seconds() / s.epochs(), b.seconds() / s.epochs(), c.seconds() / s.epochs()});
      if (progress != null) {
        progress.println(String.format(Locale.ROOT, "round %d of %d: %.3f s per epoch step by step, %.3f s whole, %.3f s"
            + " in the driver (%s)", r + 1, rounds, times.get(r)[0], times.get(r)[1], times.get(r)[2],
            EngineBenchmark.load()));
      }
    }
    String master = data.train().context().master();
    return new Result(Machine.probe(), master, data.train().getNumPartitions(), stepsPerEpoch, s.epochs(), loadBefore,
        EngineBenchmark.load(), times, same);
  }

  private static TrainingResult train(BatchSource source, NetworkShape shape, double[] theta0, TrainingSettings s) {
    Progress quiet = Progress.forMode("quiet", new PrintStream(java.io.OutputStream.nullOutputStream()));
    return new Trainer(source, null, new SerialPropagation(), quiet).train(shape, theta0, s, 0, 0);
  }
}
