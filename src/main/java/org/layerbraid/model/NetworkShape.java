package org.layerbraid.model;

import java.io.Serializable;

/**
 * The architecture of an ODE-ResNet and the layout of its parameters in one flat vector:
 * opening weights (width × inputDim) and bias (width), then per residual layer n its K_n
 * (width × width) and bias b_n (1 or width), then classifier weights (classes × width) and
 * bias (classes). All matrices column-major. One flat vector lets optimisers, gradient sums and
 * persistence treat the parameters as a single array.
 */
public record NetworkShape(int inputDim, int width, int depth, int numClasses, double finalTime,
    Activation activation, BiasMode biasMode) implements Serializable {

  public NetworkShape {
    require(inputDim > 0, "inputDim must be > 0, got " + inputDim);
    require(width > 0, "width must be > 0, got " + width);
    require(depth > 0, "depth (number of residual layers) must be > 0, got " + depth);
    require(numClasses >= 2, "numClasses must be >= 2, got " + numClasses);
    require(finalTime > 0 && Double.isFinite(finalTime), "finalTime T must be finite and > 0, got " + finalTime);
    require(activation != null && biasMode != null, "activation and biasMode are required");
    long count = parameterCount(inputDim, width, depth, numClasses, biasMode);
    require(count <= MAX_PARAMETERS, "a network of width " + width + ", " + depth + " layers, " + inputDim
        + " features and " + numClasses + " classes would have " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
        + " parameters; at most " + MAX_PARAMETERS + " (2^28, 2 GiB per copy of the parameters) are supported");
  }

  /**
   * The largest parameter count: every offset below is an {@code int}, and training holds several
   * copies of the parameters (optimiser state, the best epoch's, gradients) on the driver.
   */
  public static final int MAX_PARAMETERS = 1 << 28;

  /** The parameter count in exact arithmetic; {@link Long#MAX_VALUE} when even a long overflows. */
  private static long parameterCount(int inputDim, int width, int depth, int numClasses, BiasMode biasMode) {
    try {
      long layer = Math.addExact(Math.multiplyExact((long) width, width), biasMode == BiasMode.SCALAR ? 1 : width);
      long open = Math.multiplyExact((long) width, inputDim + 1L);
      long classifier = Math.multiplyExact((long) numClasses, width + 1L);
      return Math.addExact(Math.addExact(open, Math.multiplyExact(layer, depth)), classifier);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  /** The time step h = T / N of the finest grid. */
  public double stepSize() { return finalTime / depth; }

  public int biasLength() { return biasMode == BiasMode.SCALAR ? 1 : width; }

  public int openWeights() { return 0; }
  public int openBias() { return width * inputDim; }
  private int hiddenStart() { return openBias() + width; }
  private int layerSize() { return width * width + biasLength(); }
  /** Offset of K_n. */
  public int layerWeights(int n) { return hiddenStart() + n * layerSize(); }
  /** Offset of b_n. */
  public int layerBias(int n) { return layerWeights(n) + width * width; }
  public int classWeights() { return hiddenStart() + depth * layerSize(); }
  public int classBias() { return classWeights() + numClasses * width; }
  /** Total number of parameters. */
  public int size() { return classBias() + numClasses; }

  /** Offset of all hidden-layer parameters (K_0, b_0, … K_{N-1}, b_{N-1}). */
  public int hiddenOffset() { return hiddenStart(); }
  public int layerLength() { return layerSize(); }

  /** The same network with another depth and final time (nested iteration refines in depth). */
  public NetworkShape withDepth(int newDepth, double newFinalTime) {
    return new NetworkShape(inputDim, width, newDepth, numClasses, newFinalTime, activation, biasMode);
  }

  /** Floating-point operations of one forward plus backward residual step on a batch. */
  public double flopsPerLayerStep(int batch) {
    return 3.0 * 2.0 * width * width * batch;
  }
}
