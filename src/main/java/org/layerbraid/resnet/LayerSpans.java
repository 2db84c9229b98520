package org.layerbraid.resnet;

import java.io.Serializable;
import org.layerbraid.model.ResNet;

/**
 * The weights a step over fine layers first … first + count − 1 applies: on the driver the
 * {@link CoarseWeights} rule over the whole network; in a Spark task that holds only its own layers,
 * what the other tasks sent it for this step.
 */
public interface LayerSpans extends Serializable {
  ResNet.Layer spanning(int first, int count);
}
