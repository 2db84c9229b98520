package org.layerbraid.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Axis tick positions at "nice" steps (1, 2 or 5 times a power of ten), as people expect. */
final class Ticks {
  private Ticks() {}

  /** About {@code target} ticks inside {@code [lo, hi]}. */
  static double[] between(double lo, double hi, int target) {
    double step = niceStep((hi - lo) / Math.max(1, target));
    List<Double> ticks = new ArrayList<>();
    // Index-based, not accumulated, so that 0 comes out as 0 and not 1e-17.
    for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
      ticks.add(k * step);
    }
    return ticks.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The tick label, with the decimals the step needs so that all labels line up. */
  static String label(double value, double[] ticks) {
    double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  static double niceStep(double rough) {
    if (!(rough > 0) || !Double.isFinite(rough)) return 1;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double f = rough / magnitude;
    double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
    return nice * magnitude;
  }
}
