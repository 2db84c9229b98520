package org.layerbraid.ml;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-feature mean and standard deviation of a vector column. A model keeps those of the features
 * it was trained on, so that features prepared differently at prediction time (unscaled ones
 * given to a model trained behind a StandardScaler, say) can be noticed: nothing else in a saved
 * model tells which stages came before it.
 */
public record FeatureStats(double[] mean, double[] std) {

  /** How many training standard deviations a feature's mean may move before the features look prepared differently. */
  static final double SHIFT = 4;
  /** How many times wider or narrower a feature's spread may be. */
  static final double SPREAD = 10;

  /** The statistics of {@code featuresCol} in {@code data} (one Spark job). */
  public static FeatureStats of(Dataset<?> data, String featuresCol) {
    Row r = data.select(Summarizer.metrics("mean", "std").summary(col(featuresCol)).as("s"))
        .select("s.mean", "s.std").first();
    return new FeatureStats(((Vector) r.get(0)).toArray(), ((Vector) r.get(1)).toArray());
  }

  /**
   * Why {@code input} does not look like these training features, naming the first feature (1-based)
   * whose mean lies more than {@value #SHIFT} training standard deviations away or whose spread is
   * more than {@value #SPREAD} times wider; empty when none does. A narrower spread alone is no
   * sign: a few rows to predict may all lie close together.
   */
  public Optional<String> unlike(FeatureStats input) {
    for (int j = 0; j < Math.min(mean.length, input.mean.length); j++) {
      if (!(std[j] > 0)) continue;
      double shift = Math.abs(input.mean[j] - mean[j]) / std[j];
      if (shift > SHIFT || input.std[j] > SPREAD * std[j]) {
        return Optional.of(String.format("feature %d has mean %.4g and standard deviation %.4g, where the model's"
            + " training features had %.4g and %.4g", j + 1, input.mean[j], input.std[j], mean[j], std[j]));
      }
    }
    return Optional.empty();
  }

  Map<String, Object> toInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", mean);
    m.put("std", std);
    return m;
  }

  /** Reads {@link #toInfo()} back; null when the info has none (models saved before it was recorded). */
  static FeatureStats fromInfo(JsonNode info) {
    if (info == null || !info.has("mean")) return null;
    return new FeatureStats(doubles(info.get("mean")), doubles(info.get("std")));
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) d[i] = a.get(i).asDouble();
    return d;
  }
}
