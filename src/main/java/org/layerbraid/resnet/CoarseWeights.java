package org.layerbraid.resnet;

import java.util.Locale;
import org.layerbraid.model.Choices;
import org.layerbraid.model.ResNet;

/**
 * The weights an MGRIT coarse step applies when it spans several fine layers with one step of
 * their summed size. {@code first} samples the layer where the step starts (injection, the
 * method authors' choice); {@code mean} takes the mean of all the layers it spans, so the coarse
 * step sees every one of them. The two agree when the weights vary smoothly in t; they differ
 * most after a {@code zero} refinement, where every other layer is zero: sampling then doubles the
 * trained layers' effect on the first coarse level, while for relu the mean gives the fine pair's
 * result exactly (2h·σ((Ku + b)/2) = h·σ(Ku + b)).
 */
public enum CoarseWeights {
  FIRST, MEAN;

  public String configName() { return name().toLowerCase(Locale.ROOT); }

  public static CoarseWeights parse(String s) {
    return Choices.parse(values(), s, "coarse weights");
  }

  /** The parameters of the step over fine layers first … first + count − 1. */
  ResNet.Layer spanning(ResNet net, int first, int count) {
    return averages(count) ? net.meanOfLayers(first, count) : net.layer(first);
  }

  /** This rule over the whole of {@code net}. */
  public LayerSpans over(ResNet net) {
    return new Over(net, this);
  }

  /** A rule over a network (a record, not a lambda: Kryo and Java serialization both carry it). */
  private record Over(ResNet net, CoarseWeights rule) implements LayerSpans {
    @Override
    public ResNet.Layer spanning(int first, int count) { return rule.spanning(net, first, count); }
  }

  /** Whether a step over {@code count} fine layers takes their mean; otherwise it takes the first layer as it is. */
  public boolean averages(int count) { return this == MEAN && count > 1; }
}
