package org.layerbraid.study;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy on the target set measured during one run: points of (run time, optimisation steps,
 * layer steps, accuracy) in the order they were taken. Times exclude the measuring itself. Layer
 * steps weigh every step by the depth of the network it was taken on, so a step at depth 8 counts a
 * quarter of one at depth 32: the work of nested iteration's shallow levels, which wall time on a
 * busy machine measures only roughly.
 */
public final class Curve {
  /**
   * One measurement: accuracy on the target set, and on the validation set (NaN without one), of the
   * network of {@code depth} residual layers; {@code depth} is 0 and {@code layerSteps} -1 where steps
   * have no depth (MLlib's iterations).
   */
  public record Point(double seconds, long steps, long layerSteps, int depth, double accuracy,
      double validationAccuracy) {}

  private final List<Point> points = new ArrayList<>();

  void add(double seconds, long steps, long layerSteps, int depth, double accuracy, double validationAccuracy) {
    if (!points.isEmpty() && seconds < last().seconds()) {
      throw new IllegalArgumentException("curve points must come in time order: " + seconds + " s after "
          + last().seconds() + " s");
    }
    points.add(new Point(seconds, steps, layerSteps, depth, accuracy, validationAccuracy));
  }

  public List<Point> points() { return List.copyOf(points); }

  public boolean isEmpty() { return points.isEmpty(); }

  public Point last() { return points.get(points.size() - 1); }

  /** Run time of the first point at or above {@code target}; NaN when the run never got there. */
  public double secondsTo(double target) {
    Point p = firstAt(target);
    return p == null ? Double.NaN : p.seconds();
  }

  /**
   * Run time of the first point at or above {@code target} taken on a network of {@code depth} layers:
   * a nested run can reach the target on a shallow level, before it has the network it was asked for.
   */
  public double secondsTo(double target, int depth) {
    Point p = first(Point::accuracy, target, depth);
    return p == null ? Double.NaN : p.seconds();
  }

  /** Depth of the network that first reached {@code target}; -1 when the run never got there. */
  public int depthAt(double target) {
    Point p = firstAt(target);
    return p == null ? -1 : p.depth();
  }

  private Point firstAt(double target) { return first(Point::accuracy, target, ANY_DEPTH); }

  /** {@link #first}'s depth for a point of any depth. */
  public static final int ANY_DEPTH = -1;

  /**
   * The first point whose {@code measure} (e.g. the validation accuracy) is at or above {@code threshold},
   * on a network of {@code depth} layers or of any depth ({@link #ANY_DEPTH}); null when there is none.
   */
  public Point first(java.util.function.ToDoubleFunction<Point> measure, double threshold, int depth) {
    for (Point p : points) {
      if ((depth == ANY_DEPTH || p.depth() == depth) && measure.applyAsDouble(p) >= threshold) return p;
    }
    return null;
  }

  /** Steps of the first point at or above {@code target}; -1 when the run never got there. */
  public long stepsTo(double target) {
    Point p = firstAt(target);
    return p == null ? -1 : p.steps();
  }

  /** Layer steps of the first point at or above {@code target}; -1 when the run never got there. */
  public long layerStepsTo(double target) {
    Point p = firstAt(target);
    return p == null ? -1 : p.layerSteps();
  }

  /**
   * The measurement when the run had used {@code seconds}: the first point at or after that time (at most
   * one measuring interval in the run's favour), or the last point when the run ended before.
   */
  public Point atSeconds(double seconds) {
    for (Point p : points) if (p.seconds() >= seconds) return p;
    return last();
  }

  /** As {@link #atSeconds}, for a number of optimisation steps. */
  public Point atSteps(long steps) {
    for (Point p : points) if (p.steps() >= steps) return p;
    return last();
  }

  /** True when the run went on for at least {@code seconds}. */
  public boolean reaches(double seconds) { return !points.isEmpty() && last().seconds() >= seconds; }

  /** {seconds[], accuracy[]}, as {@link org.layerbraid.report.Charts#accuracyVsTime} draws curves. */
  public double[][] secondsAndAccuracy() {
    double[][] c = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      c[0][i] = points.get(i).seconds();
      c[1][i] = points.get(i).accuracy();
    }
    return c;
  }
}
