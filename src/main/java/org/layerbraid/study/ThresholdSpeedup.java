package org.layerbraid.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time to a validation-accuracy threshold, random start ÷ nested iteration, over seeds: for the
 * whole schedule (nested iteration's first point at or above the threshold, on whatever level) and
 * for the network of the final depth. A pure function of the tuned runs' recorded curves.
 *
 * @param threshold validation accuracy, a fraction
 * @param seeds how many seeds were compared
 * @param ratios per seed where both got there: random start's seconds ÷ nested iteration's
 * @param finalDepthRatios per seed where both got there: random start's seconds ÷ the seconds until
 *     nested iteration's network of the final depth got there
 * @param nestedSeconds median seconds of nested iteration to the threshold, over the seeds where it got there
 * @param nestedFinalDepthSeconds the same for its network of the final depth
 * @param randomSeconds the same for the random start
 * @param randomMissed seeds where the random start never got there
 * @param nestedMissed seeds where nested iteration never got there
 * @param shallowerFirst seeds where nested iteration first got there on a shallower level, as "seed s (depth d)"
 */
public record ThresholdSpeedup(double threshold, int seeds, double[] ratios, double[] finalDepthRatios,
    double nestedSeconds, double nestedFinalDepthSeconds, double randomSeconds, int randomMissed, int nestedMissed,
    List<String> shallowerFirst) {

  /** One seed's tuned runs: nested iteration's and the random start's, and nested iteration's final depth. */
  public record Pair(long seed, Curve nested, Curve random, int finalDepth) {}

  /** The speed-ups at {@code threshold} over the seeds' pairs. */
  public static ThresholdSpeedup at(double threshold, List<Pair> pairs) {
    List<Double> ratios = new ArrayList<>(), finalRatios = new ArrayList<>();
    List<String> shallower = new ArrayList<>();
    double[] nested = new double[pairs.size()], nestedFinal = new double[pairs.size()], random = new double[pairs.size()];
    int randomMissed = 0, nestedMissed = 0;
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i);
      Curve.Point n = p.nested().first(Curve.Point::validationAccuracy, threshold, Curve.ANY_DEPTH);
      Curve.Point nf = p.nested().first(Curve.Point::validationAccuracy, threshold, p.finalDepth());
      Curve.Point r = p.random().first(Curve.Point::validationAccuracy, threshold, Curve.ANY_DEPTH);
      nested[i] = n == null ? Double.NaN : n.seconds();
      nestedFinal[i] = nf == null ? Double.NaN : nf.seconds();
      random[i] = r == null ? Double.NaN : r.seconds();
      if (r == null) randomMissed++;
      if (n == null) nestedMissed++;
      if (n != null && n.depth() < p.finalDepth()) shallower.add("seed " + p.seed() + " (depth " + n.depth() + ")");
      if (n != null && r != null) ratios.add(random[i] / nested[i]);
      if (nf != null && r != null) finalRatios.add(random[i] / nestedFinal[i]);
    }
    return new ThresholdSpeedup(threshold, pairs.size(), unbox(ratios), unbox(finalRatios), Spread.of(nested).median(),
        Spread.of(nestedFinal).median(), Spread.of(random).median(), randomMissed, nestedMissed, List.copyOf(shallower));
  }

  /**
   * The default threshold: the tuned random start's median final validation accuracy over seeds,
   * less {@link StudySettings#DEFAULT_MARGIN}; one that needs the final network's accuracy, not a
   * shallow level's. NaN without validation accuracies.
   */
  public static double defaultThreshold(List<Pair> pairs) {
    return Spread.of(pairs.stream().mapToDouble(p -> p.random().last().validationAccuracy()).toArray()).median()
        - StudySettings.DEFAULT_MARGIN;
  }

  /** Median of {@link #ratios}: NaN when no seed had both arms get there. */
  public double speedup() { return Spread.of(ratios).median(); }

  /** Median of {@link #finalDepthRatios}. */
  public double finalDepthSpeedup() { return Spread.of(finalDepthRatios).median(); }

  private static double[] unbox(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }

  @Override
  public String toString() {
    return "ThresholdSpeedup[" + threshold + ": " + Arrays.toString(ratios) + ", final depth "
        + Arrays.toString(finalDepthRatios) + ", shallower first " + shallowerFirst + "]";
  }
}
