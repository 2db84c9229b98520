package org.layerbraid.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.LoadedData;
import org.layerbraid.report.Progress;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.NestedResult;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.Training;
import org.layerbraid.train.TrainingSettings;

/**
 * layerbraid's training as configured against MLlib's perceptron, side by side in one JVM: the same
 * training examples and target set (loaded once), the same BLAS, both warm (an untimed short run of
 * each first), both measured on the target set outside their clocks. Every round trains layerbraid
 * once, then MLlib once per hidden-layer set ({@link MlpBaseline}: one continuous fit per point);
 * figures are medians over rounds.
 */
public final class MlpComparison {
  private MlpComparison() {}

  /** What layerbraid trains: a {@code train} run's settings. */
  public record Run(DataSpec data, int partitions, ModelSpec model, PropagationSpec propagation,
      TrainingSettings training, NestedSettings nested) {}

  /**
   * @param hidden MLlib's hidden-layer sets; the first is the one the JSON figures are about
   * @param iterations maxIter of MLlib's fits, increasing: one point of its curve each
   * @param rounds paired rounds (layerbraid, then every MLlib set)
   * @param every layerbraid's target set is measured every this many epochs (and at the end)
   * @param warmupEpochs epochs of layerbraid's untimed warm-up run (MLlib warms up with its first maxIter)
   * @param thresholds accuracies whose first crossing is reported for every arm
   */
  public record Settings(List<int[]> hidden, int[] iterations, int rounds, int every, int warmupEpochs,
      double[] thresholds) {
    public Settings {
      if (hidden.isEmpty()) throw new IllegalArgumentException("at least one MLlib hidden-layer set is needed");
      for (int[] h : hidden) {
        if (h.length == 0 || Arrays.stream(h).anyMatch(x -> x < 1)) {
          throw new IllegalArgumentException("MLlib hidden layer sizes must be >= 1, got " + Arrays.toString(h));
        }
      }
      if (iterations.length == 0 || iterations[0] < 1) throw new IllegalArgumentException("MLlib iterations must be >= 1");
      for (int i = 1; i < iterations.length; i++) {
        if (iterations[i] <= iterations[i - 1]) {
          throw new IllegalArgumentException("MLlib iterations must increase, got " + Arrays.toString(iterations));
        }
      }
      if (rounds < 1 || every < 1 || warmupEpochs < 1) {
        throw new IllegalArgumentException("rounds, measuring interval and warm-up epochs must be >= 1");
      }
      hidden = List.copyOf(hidden);
    }
  }

  /** One round: layerbraid's curve, then MLlib's per hidden-layer set (same order as the settings). */
  public record Round(Curve layerbraid, List<Curve> mllib) {}

  /** Every round, and what they were run on. */
  public record Result(Settings settings, String target, int[] inputAndClasses, List<Round> rounds) {

    /** The JSON figures of one round: MLlib's first hidden-layer set against layerbraid. */
    record Figures(double ours, double oursToMllibBest, double oursAtMllibTime, double mllibBest, double mllibTime) {}

    Figures figures(Round r) {
      Curve m = r.mllib().get(0);
      double mllibBest = best(m);
      double mllibTime = m.secondsTo(mllibBest);
      return new Figures(best(r.layerbraid()), r.layerbraid().secondsTo(mllibBest),
          accuracyBy(r.layerbraid(), mllibTime), mllibBest, mllibTime);
    }

    /** {"layerbraid": {best_accuracy, time_to_mllib_best_s, accuracy_at_mllib_time}, "mllib": {best_accuracy, time_s}}, medians over rounds. */
    public String json() {
      List<Figures> f = rounds.stream().map(this::figures).toList();
      Map<String, Object> ours = new LinkedHashMap<>();
      ours.put("best_accuracy", median(f, Figures::ours));
      ours.put("time_to_mllib_best_s", medianTime(f, Figures::oursToMllibBest));
      ours.put("accuracy_at_mllib_time", median(f, Figures::oursAtMllibTime));
      Map<String, Object> mllib = new LinkedHashMap<>();
      mllib.put("best_accuracy", median(f, Figures::mllibBest));
      mllib.put("time_s", medianTime(f, Figures::mllibTime));
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("layerbraid", ours);
      root.put("mllib", mllib);
      try {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the comparison as JSON", e);
      }
    }

    /** Accuracy against time of every round, the time to every threshold and the medians. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      List<String> arms = new ArrayList<>();
      arms.add("layerbraid");
      for (int[] h : settings.hidden()) arms.add("MLlib " + layers(h));
      sb.append(String.format(Locale.ROOT, "accuracy on the %s set (fractions) against run time (s); MLlib: one continuous"
          + " fit per point, maxIter %s; %d round(s)%n", target, Arrays.toString(settings.iterations()), rounds.size()));
      for (int k = 0; k < rounds.size(); k++) {
        Round r = rounds.get(k);
        List<Curve> curves = curves(r);
        for (int a = 0; a < arms.size(); a++) {
          sb.append(String.format(Locale.ROOT, "round %d  %-22s", k + 1, arms.get(a)));
          for (Curve.Point p : curves.get(a).points()) {
            sb.append(String.format(Locale.ROOT, " %.1fs:%.4f", p.seconds(), p.accuracy()));
          }
          sb.append('\n');
        }
      }
      sb.append(String.format(Locale.ROOT, "%nseconds to reach each accuracy, median over rounds ('-': not reached in most rounds)%n"));
      sb.append(String.format(Locale.ROOT, "%-24s", "threshold"));
      for (String a : arms) sb.append(String.format(Locale.ROOT, " %14s", a.replace("MLlib ", "")));
      sb.append('\n');
      for (double t : settings.thresholds()) {
        sb.append(String.format(Locale.ROOT, "%-24.4f", t));
        for (int a = 0; a < arms.size(); a++) {
          int arm = a;
          Double s = medianTime(rounds, r -> curves(r).get(arm).secondsTo(t));
          sb.append(String.format(Locale.ROOT, " %14s", s == null ? "-" : String.format(Locale.ROOT, "%.1f", s)));
        }
        sb.append('\n');
      }
      sb.append(String.format(Locale.ROOT, "%-24s", "best accuracy"));
      for (int a = 0; a < arms.size(); a++) {
        int arm = a;
        sb.append(String.format(Locale.ROOT, " %14.4f", median(rounds, r -> best(curves(r).get(arm)))));
      }
      sb.append('\n');
      sb.append(String.format(Locale.ROOT, "%-24s", "time to it (s)"));
      for (int a = 0; a < arms.size(); a++) {
        int arm = a;
        Double s = medianTime(rounds, r -> curves(r).get(arm).secondsTo(best(curves(r).get(arm))));
        sb.append(String.format(Locale.ROOT, " %14s", s == null ? "-" : String.format(Locale.ROOT, "%.1f", s)));
      }
      sb.append('\n');
      List<Figures> f = rounds.stream().map(this::figures).toList();
      sb.append(String.format(Locale.ROOT, "%nMLlib %s (the JSON's arm): best %.4f in %s; layerbraid reaches it in %s"
          + " and has %.4f by then; layerbraid's best %.4f%n", layers(settings.hidden().get(0)), median(f, Figures::mllibBest),
          show(medianTime(f, Figures::mllibTime)), show(medianTime(f, Figures::oursToMllibBest)),
          median(f, Figures::oursAtMllibTime), median(f, Figures::ours)));
      int bestArm = 1;
      for (int a = 2; a < arms.size(); a++) {
        int arm = a, lead = bestArm;
        if (median(rounds, r -> best(curves(r).get(arm))) > median(rounds, r -> best(curves(r).get(lead)))) bestArm = a;
      }
      int arm = bestArm;
      sb.append(String.format(Locale.ROOT, "best MLlib set: %s, best %.4f in %s; layerbraid reaches it in %s%n",
          layers(settings.hidden().get(arm - 1)), median(rounds, r -> best(curves(r).get(arm))),
          show(medianTime(rounds, r -> curves(r).get(arm).secondsTo(best(curves(r).get(arm))))),
          show(medianTime(rounds, r -> r.layerbraid().secondsTo(best(curves(r).get(arm)))))));
      return sb.toString();
    }

    private String layers(int[] hidden) {
      return "[" + inputAndClasses[0] + ", " + Arrays.stream(hidden).mapToObj(Integer::toString)
          .collect(Collectors.joining(", ")) + ", " + inputAndClasses[1] + "]";
    }
  }

  private static List<Curve> curves(Round r) {
    List<Curve> c = new ArrayList<>();
    c.add(r.layerbraid());
    c.addAll(r.mllib());
    return c;
  }

  static double best(Curve c) {
    return c.points().stream().mapToDouble(Curve.Point::accuracy).max().orElse(Double.NaN);
  }

  /** The accuracy of the last measurement taken by {@code seconds} (NaN when none was): never one from later. */
  static double accuracyBy(Curve c, double seconds) {
    double a = Double.NaN;
    for (Curve.Point p : c.points()) if (p.seconds() <= seconds) a = p.accuracy();
    return a;
  }

  private static <T> double median(List<T> xs, java.util.function.ToDoubleFunction<T> f) {
    double[] v = xs.stream().mapToDouble(f).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The median time, a time never reached (NaN) counting as later than all; null when the median is never. */
  private static <T> Double medianTime(List<T> xs, java.util.function.ToDoubleFunction<T> f) {
    double m = median(xs, x -> {
      double s = f.applyAsDouble(x);
      return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
    });
    return Double.isFinite(m) ? m : null;
  }

  private static String show(Double s) {
    return s == null ? "never" : String.format(Locale.ROOT, "%.1f s", s);
  }

  /** Loads the data once, then runs every round; progress lines go to {@code log} (may be null). */
  public static Result run(SparkSession spark, Run run, Settings settings, Progress progress, PrintStream log) {
    LoadedData data = DataSets.load(spark, run.data(), run.partitions());
    try {
      TargetSet target = TargetSet.of(data, run.data().kind());
      long seed = run.training().seed();
      List<MlpBaseline> mllib = new ArrayList<>();
      try {
        for (int[] h : settings.hidden()) mllib.add(new MlpBaseline(spark, data, h, seed));
        say(log, "warm-up: layerbraid " + settings.warmupEpochs() + " epoch(s), MLlib maxIter " + settings.iterations()[0]);
        int[] epochs = {0};
        Training.fitNested(data, run.model(), run.propagation(), run.training(), run.nested(), progress,
            (r, shape, theta) -> ++epochs[0] >= settings.warmupEpochs());
        for (MlpBaseline m : mllib) m.fit(settings.iterations()[0]);
        List<Round> rounds = new ArrayList<>();
        for (int k = 0; k < settings.rounds(); k++) {
          say(log, "round " + (k + 1) + " of " + settings.rounds() + ": layerbraid");
          RunMonitor monitor = new RunMonitor(target, settings.every());
          NestedResult r = Training.fitNested(data, run.model(), run.propagation(), run.training(), run.nested(), progress,
              monitor);
          Curve ours = NestedStudy.withFinal(monitor, target, r, data);
          List<Curve> theirs = new ArrayList<>();
          for (int i = 0; i < mllib.size(); i++) {
            say(log, "round " + (k + 1) + " of " + settings.rounds() + ": MLlib " + Arrays.toString(mllib.get(i).layers()));
            int[] it = settings.iterations();
            theirs.add(mllib.get(i).curve(target, data.validation(), j -> it[j], it.length, Double.POSITIVE_INFINITY));
          }
          rounds.add(new Round(ours, theirs));
        }
        return new Result(settings, target.name(), new int[] {data.dim(), data.numClasses()}, rounds);
      } finally {
        for (MlpBaseline m : mllib) m.close();
      }
    } finally {
      data.train().unpersist();
    }
  }

  private static void say(PrintStream log, String line) {
    if (log != null) log.println("bench mllib: " + line);
  }
}
