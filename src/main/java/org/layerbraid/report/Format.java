package org.layerbraid.report;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Compact human formats shared by the text progress modes. Locale-free: logs get parsed. */
final class Format {
  private Format() {}

  /** "850ms", "12.3s", "4m05s", "2h03m". */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) return "?";
    if (seconds < 1) return String.format(Locale.ROOT, "%dms", Math.round(seconds * 1000));
    if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", seconds);
    long s = Math.round(seconds);
    if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** "950", "4.2k", "1.3M": throughputs vary over orders of magnitude. */
  static String rate(double perSecond) {
    if (!Double.isFinite(perSecond)) return "?";
    if (perSecond < 1e3) return String.format(Locale.ROOT, "%.0f", perSecond);
    if (perSecond < 1e6) return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    return String.format(Locale.ROOT, "%.1fM", perSecond / 1e6);
  }

  /** A fraction as "91.2%". */
  static String percent(double fraction) {
    if (!Double.isFinite(fraction)) return "-";
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** Four significant digits; losses and residuals span many decades. */
  static String number(double v) {
    if (Double.isNaN(v)) return "-";
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Residual norms: always scientific so that decades line up in a column. */
  static String residual(double v) {
    if (Double.isNaN(v)) return "-";
    return String.format(Locale.ROOT, "%.2e", v);
  }

  /** A metric value: numbers via {@link #number}, nested structures as compact JSON. */
  static String value(Object v) {
    if (v instanceof Double || v instanceof Float) return number(((Number) v).doubleValue());
    if (v == null || v instanceof Number || v instanceof Boolean) return String.valueOf(v);
    if (v instanceof CharSequence s) return s.toString();
    return Json.compact(v);
  }

  /** "k=v k=v …" over the top-level scalar entries; nested values would flood one line. */
  static String scalarSummary(Map<String, ?> metrics) {
    StringJoiner j = new StringJoiner(" ");
    for (Map.Entry<String, ?> e : metrics.entrySet()) {
      Object v = e.getValue();
      if (v == null || v instanceof Number || v instanceof Boolean || v instanceof CharSequence) {
        j.add(e.getKey() + "=" + value(v));
      }
    }
    return j.toString();
  }
}
