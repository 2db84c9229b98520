package org.layerbraid.model;

import java.io.Serializable;
import org.layerbraid.data.Examples;

/**
 * How a network classifies a set of examples: the count of every (true class, predicted class)
 * pair and the summed cross-entropy loss, from serial propagation. Counts and sums, not rates, so
 * that the blocks of a distributed data set combine by {@link #add}.
 */
public final class ConfusionMatrix implements Serializable {
  private static final long serialVersionUID = 1L;
  /**
   * Examples per forward pass: a pass keeps the states of every layer (width × depth × batch
   * doubles), which for a whole data set at once would not fit in memory.
   */
  private static final int CHUNK = 4096;

  private final long[][] counts;
  private double lossSum;

  /** No examples yet. */
  public ConfusionMatrix(int numClasses) {
    if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    counts = new long[numClasses][numClasses];
  }

  /**
   * Classifies {@code examples}. Predictions and loss come from {@link BatchEvaluation}, the code
   * that training reports its accuracies with, so the two cannot disagree.
   */
  public static ConfusionMatrix of(ResNet net, Examples examples) {
    ConfusionMatrix m = new ConfusionMatrix(net.shape().numClasses());
    if (examples.numClasses() != m.numClasses()) {
      throw new IllegalArgumentException("examples have " + examples.numClasses() + " classes, the network "
          + m.numClasses());
    }
    LayerPropagation serial = new SerialPropagation();
    for (int from = 0; from < examples.size(); from += CHUNK) {
      Examples chunk = examples.slice(from, Math.min(examples.size(), from + CHUNK));
      int[] predicted = BatchEvaluation.predict(net, serial, chunk);
      for (int i = 0; i < predicted.length; i++) m.counts[chunk.label(i)][predicted[i]]++;
      m.lossSum += BatchEvaluation.evaluate(net, serial, chunk, false, 0).lossSum;
    }
    return m;
  }

  /** this += other; returns this. */
  public ConfusionMatrix add(ConfusionMatrix other) {
    if (other.numClasses() != numClasses()) {
      throw new IllegalArgumentException("cannot add a " + other.numClasses() + "-class confusion matrix to a "
          + numClasses() + "-class one");
    }
    for (int t = 0; t < counts.length; t++) for (int p = 0; p < counts.length; p++) counts[t][p] += other.counts[t][p];
    lossSum += other.lossSum;
    return this;
  }

  public int numClasses() { return counts.length; }

  /** Examples of class {@code trueClass} predicted as {@code predicted}. */
  public long count(int trueClass, int predicted) { return counts[trueClass][predicted]; }

  /** A copy, rows = true class, columns = predicted class. */
  public long[][] counts() {
    long[][] c = new long[counts.length][];
    for (int t = 0; t < c.length; t++) c[t] = counts[t].clone();
    return c;
  }

  public long total() {
    long n = 0;
    for (long[] row : counts) for (long v : row) n += v;
    return n;
  }

  /** The diagonal: examples predicted as their own class. */
  public long correct() {
    long n = 0;
    for (int c = 0; c < counts.length; c++) n += counts[c][c];
    return n;
  }

  /** Examples whose true class is {@code c} (its row sum). */
  public long support(int c) {
    long n = 0;
    for (long v : counts[c]) n += v;
    return n;
  }

  /** Examples predicted as {@code c} (its column sum). */
  public long predicted(int c) {
    long n = 0;
    for (long[] row : counts) n += row[c];
    return n;
  }

  public double accuracy() { return ratio(correct(), total()); }

  public double meanLoss() { return total() == 0 ? Double.NaN : lossSum / total(); }

  /** Share of class {@code c} predicted as {@code c}: the class's accuracy; NaN when it has no examples. */
  public double recall(int c) { return ratio(counts[c][c], support(c)); }

  /** Share of the predictions of {@code c} that are right; NaN when {@code c} is never predicted. */
  public double precision(int c) { return ratio(counts[c][c], predicted(c)); }

  /** Harmonic mean of precision and recall; NaN when either is. */
  public double f1(int c) {
    double p = precision(c), r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }
}
