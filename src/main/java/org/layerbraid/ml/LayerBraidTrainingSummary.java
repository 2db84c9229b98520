package org.layerbraid.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbraid.report.RecordFields;
import org.layerbraid.report.EpochRecord;

/**
 * How a {@link LayerBraidClassificationModel} was trained: one {@link EpochRecord} per epoch (loss
 * and accuracy on the training and validation sets, time, MGRIT iterations), which epoch's
 * parameters were kept, the number of optimisation steps and the wall time. Under nested iteration
 * the history holds every level's epochs in order, each record with its level and depth; the kept
 * epoch is one of the last level's, whose network the model is. As in MLlib's training summaries,
 * {@link #objectiveHistory()} is the training loss per iteration (here: per epoch, the unit of
 * {@code maxIter}) and {@link #totalIterations()} their number. Saved with the model, so a loaded
 * model has it too.
 */
public final class LayerBraidTrainingSummary {
  private final List<EpochRecord> history;
  private final int keptEpoch;
  private final int steps;
  private final double seconds;
  private final long trainSize;
  private final int validationSize;
  private final FeatureStats features;

  LayerBraidTrainingSummary(List<EpochRecord> history, int keptEpoch, int steps, double seconds, long trainSize,
      int validationSize, FeatureStats features) {
    this.history = List.copyOf(history);
    this.keptEpoch = keptEpoch;
    this.steps = steps;
    this.seconds = seconds;
    this.trainSize = trainSize;
    this.validationSize = validationSize;
    this.features = features;
  }

  /** Every epoch trained, in order, coarsest level first. */
  public List<EpochRecord> history() { return history; }

  /**
   * The epoch (1-based, within the last level) whose parameters the model holds: the best
   * validation epoch with keepBest, else the last.
   */
  public int keptEpoch() { return keptEpoch; }

  /** The record of {@link #keptEpoch()}, in the last level (epochs are numbered afresh at every level). */
  public EpochRecord keptRecord() {
    EpochRecord last = history.get(history.size() - 1);
    for (EpochRecord r : history) if (r.level() == last.level() && r.epoch() == keptEpoch) return r;
    return last;
  }

  /** Training accuracy of the kept epoch, measured during that epoch's steps. */
  public double trainAccuracy() { return keptRecord().trainAccuracy(); }

  /** Validation accuracy of the kept epoch; NaN without a validation set. */
  public double validationAccuracy() { return keptRecord().validationAccuracy(); }

  /**
   * The training loss of every epoch, in order, every level's under nested iteration: the mean
   * cross-entropy of the epoch's examples, each at the parameters its batch's step started from.
   * Unlike MLlib's, it leaves out the regularisation terms (tiny at the default weights).
   */
  public double[] objectiveHistory() { return history.stream().mapToDouble(EpochRecord::trainLoss).toArray(); }

  /** The number of epochs trained, every level's: the length of {@link #objectiveHistory()}. */
  public int totalIterations() { return history.size(); }

  /** Optimisation steps taken: one per epoch in full batch, one per minibatch otherwise. */
  public int totalSteps() { return steps; }

  public double seconds() { return seconds; }

  public long trainSize() { return trainSize; }

  public int validationSize() { return validationSize; }

  /** Mean and spread of the training features, as the network saw them; null for a model saved before they were kept. */
  public FeatureStats features() { return features; }

  /** What is stored in the model files' info. */
  Map<String, Object> toInfo() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("keptEpoch", keptEpoch);
    m.put("steps", steps);
    m.put("seconds", seconds);
    m.put("trainSize", trainSize);
    m.put("validationSize", validationSize);
    if (features != null) m.put("features", features.toInfo());
    List<Map<String, Object>> h = new ArrayList<>();
    for (EpochRecord r : history) h.add(RecordFields.of(r));
    m.put("history", h);
    return m;
  }

  /** Reads {@link #toInfo()} back; null when the info holds no summary. */
  static LayerBraidTrainingSummary fromInfo(JsonNode info) {
    if (info == null || !info.has("history")) return null;
    List<EpochRecord> h = new ArrayList<>();
    for (JsonNode r : info.get("history")) {
      h.add(new EpochRecord(r.path("level").asInt(), r.path("depth").asInt(), r.path("epoch").asInt(),
          r.path("step").asLong(), d(r, "trainLoss"), d(r, "trainAccuracy"), d(r, "validationLoss"),
          d(r, "validationAccuracy"), d(r, "elapsedSeconds"), d(r, "epochSeconds"), d(r, "mgritForwardIterations"),
          d(r, "mgritBackwardIterations"), d(r, "mgritResidual"), d(r, "examplesPerSecond")));
    }
    return new LayerBraidTrainingSummary(h, info.path("keptEpoch").asInt(), info.path("steps").asInt(),
        d(info, "seconds"), info.path("trainSize").asLong(), info.path("validationSize").asInt(),
        FeatureStats.fromInfo(info.get("features")));
  }

  /** A double that may have been written as the string "NaN" or "Infinity". */
  private static double d(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return Double.NaN;
    return v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText());
  }

  @Override
  public String toString() {
    return String.format("LayerBraidTrainingSummary(%d epochs, kept %d: train accuracy %.4f, validation accuracy %.4f, %.2f s)",
        history.size(), keptEpoch, trainAccuracy(), validationAccuracy(), seconds);
  }
}
