package org.layerbraid.resnet;

import java.io.Serializable;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.mgrit.TimeStepper;
import org.layerbraid.model.ResNet;

/**
 * A training step's propagation run as one unit of work where the layer states live: the forward
 * solve, the classifier at u_N, the adjoint solve linearised about the forward states, and the
 * weight gradient from the adjoints. Solving the two chains one engine call at a time brings every
 * state to the caller and sends it out again as the adjoint's aux data; an engine whose blocks live
 * in long-running Spark tasks does the whole step there, and only u_0 and the labels go out, only
 * λ_0, the gradient and the sums come back ({@link MgritPropagation#withWholeSteps}).
 */
public interface WholeSteps extends Serializable {

  /**
   * The network (for its classifier), the two chains' steppers, and how each solve runs; both are
   * cold-started, u_0 and λ_N copied to every point.
   */
  record Problem(ResNet net, TimeStepper<double[]> forwardStepper, ResNetAdjointStepper adjointStepper, Hierarchy forward,
      MgritOptions forwardOptions, Hierarchy backward, MgritOptions backwardOptions) implements Serializable {
    /** The two solves of {@code net}'s chain, their steps taking their weights from {@code spans}. */
    public static Problem of(ResNet net, LayerSpans spans, Hierarchy forward, MgritOptions forwardOptions,
        Hierarchy backward, MgritOptions backwardOptions) {
      return new Problem(net, new ResNetForwardStepper(net, spans), new ResNetAdjointStepper(net, spans), forward,
          forwardOptions, backward, backwardOptions);
    }

    /** The same solves for {@code other} (of the same shape), its steps taking their weights from {@code spans}. */
    public Problem on(ResNet other, LayerSpans spans) {
      return of(other, spans, forward, forwardOptions, backward, backwardOptions);
    }
  }

  /**
   * What the step gives: both solves' histories, the classifier's sums over the batch, λ_0 (for the
   * opening layer's gradient) and the gradient of the hidden layers and the classifier.
   */
  record Result(ConvergenceHistory forward, ConvergenceHistory backward, double lossSum, int correct, int count,
      double[] lambda0, double[] grad) {}

  /**
   * One step for the batch whose opened states are u0 ({@code width × batch}) with these labels; null
   * when it cannot run where the states live now (the caller then goes solve by solve).
   */
  Result run(Problem problem, double[] u0, int[] labels);
}
