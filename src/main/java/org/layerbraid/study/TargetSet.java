package org.layerbraid.study;

import org.layerbraid.data.DataSpec;
import org.layerbraid.data.Examples;
import org.layerbraid.data.LoadedData;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SerialPropagation;

/**
 * The examples a study times its runs on, never trained on: for Peaks the whole 256×256 grid (the
 * figure the method is judged by), else the data set's test set, else its validation set.
 */
public record TargetSet(String name, Examples examples) {

  public static TargetSet of(LoadedData data, DataSpec.Kind kind) {
    // Named with the data set: a chart or summary read alone says what it measured.
    if (kind == DataSpec.Kind.PEAKS) return new TargetSet("Peaks grid", Peaks.grid());
    if (data.test().isPresent()) return new TargetSet(kind.id() + " test", data.test().get());
    return new TargetSet(kind.id() + " validation", data.validation());
  }

  /** Accuracy of the network on these examples, propagated exactly (serially) whatever trained it. */
  public double accuracy(NetworkShape shape, double[] theta) {
    return BatchEvaluation.evaluate(new ResNet(shape, theta), new SerialPropagation(), examples, false, 0).accuracy();
  }
}
