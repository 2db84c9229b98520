package org.layerbraid.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An ODE-ResNet with fixed parameters: the opening layer, the residual step
 * Φ_n(u) = u + h·σ(K_n u + b_n) and its transposed Jacobian (the adjoint step), and the softmax
 * classifier. States are {@code width × batch} column-major matrices. A step takes its size and,
 * optionally, its {@link Layer} as arguments because MGRIT's coarse levels step with a larger h and
 * with one fine layer's weights or the mean of the layers they span.
 *
 * <p>Gradients are accumulated into a caller's array laid out like the parameters, so that a
 * sweep over layers, shards or partitions can add into one vector.
 */
public final class ResNet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkShape shape;
  private final double[] theta;

  public ResNet(NetworkShape shape, double[] theta) {
    if (theta.length != shape.size()) {
      throw new IllegalArgumentException("parameter vector has " + theta.length + " entries, shape "
          + shape + " needs " + shape.size());
    }
    this.shape = shape;
    this.theta = theta;
  }

  public NetworkShape shape() { return shape; }

  /** The flat parameter vector (shared, not copied). */
  public double[] parameters() { return theta; }

  private int batchOf(double[] u) {
    if (u.length % shape.width() != 0) {
      throw new IllegalArgumentException("state has " + u.length + " entries, not a multiple of width " + shape.width());
    }
    return u.length / shape.width();
  }

  /** u_0 = σ(W_open·x + b_open) for a column-major {@code inputDim × batch} input. */
  public double[] open(double[] x, int batch) {
    double[] a = openPreActivation(x, batch);
    shape.activation().apply(a, a, a.length);
    return a;
  }

  private double[] openPreActivation(double[] x, int batch) {
    int w = shape.width(), d = shape.inputDim();
    if (x.length != d * batch) {
      throw new IllegalArgumentException("input has " + x.length + " values, expected inputDim " + d + " x batch " + batch);
    }
    double[] a = new double[w * batch];
    Mat.gemm(false, false, w, batch, d, 1.0, theta, shape.openWeights(), x, 0, 0.0, a, 0);
    Mat.addBias(a, w, batch, theta, shape.openBias(), false);
    return a;
  }

  /** Adds ∂/∂(W_open, b_open) of the loss given λ_0 = ∂loss/∂u_0 into grad. */
  public void openAdjoint(double[] x, int batch, double[] lambda0, double[] grad) {
    int w = shape.width(), d = shape.inputDim();
    double[] s = openPreActivation(x, batch);
    for (int i = 0; i < s.length; i++) s[i] = shape.activation().derivative(s[i]) * lambda0[i];
    /* gradW_open += S · xᵀ */
    Mat.gemm(false, true, w, d, batch, 1.0, s, 0, x, 0, 1.0, grad, shape.openWeights());
    Mat.addRowSums(s, w, batch, 1.0, grad, shape.openBias(), false);
  }

  /**
   * The parameters (K, b) a residual step applies: one layer's, read in place, or the mean of
   * several in an array of their own (the step of an MGRIT coarse level spanning them).
   */
  public record Layer(double[] params, int weights, int bias) {}

  /** Layer n's (K_n, b_n), not copied. */
  public Layer layer(int n) { return new Layer(theta, shape.layerWeights(n), shape.layerBias(n)); }

  /** (K̄, b̄) = the mean of layers first … first + count − 1, in a new array. */
  public Layer meanOfLayers(int first, int count) {
    if (first < 0 || count < 1 || first + count > shape.depth()) {
      throw new IllegalArgumentException("layers " + first + " … " + (first + count - 1) + " are not among the "
          + shape.depth() + " layers of the network");
    }
    double[] mean = new double[shape.layerLength()];
    addLayers(first, first + count, 1.0 / count, mean);
    return new Layer(mean, 0, shape.layerBias(first) - shape.layerWeights(first));
  }

  /**
   * into += scale · (layer lo + … + layer hi − 1), weights and bias, added in layer order: a mean's
   * sum, or the part of it a task holds (so that one owner's part is the mean to the last bit).
   */
  public void addLayers(int lo, int hi, double scale, double[] into) {
    for (int n = lo; n < hi; n++) Mat.axpy(into.length, scale, theta, shape.layerWeights(n), into, 0);
  }

  /**
   * Columns of a state the residual kernels treat at a time, so that a block's product and the
   * element-wise pass over its result run while the block is still in cache.
   */
  static final int BLOCK_COLUMNS = 512;

  /** Φ_n(u) = u + h·σ(K_n u + b_n), a new array. */
  public double[] step(int layer, double h, double[] u) {
    return step(layer(layer), h, u, null);
  }

  /**
   * Φ_n(u), writing the slope σ'(K_n u + b_n) into {@code slope} (w × batch): what
   * {@link #stepAdjoint(int, double, double[], double[], double[], double[])} needs, so that the
   * backward pass does not compute K_n u again.
   */
  public double[] step(int layer, double h, double[] u, double[] slope) {
    return step(layer(layer), h, u, slope);
  }

  /** u + h·σ(K u + b) with the given layer parameters, a new array. */
  public double[] step(Layer k, double h, double[] u) {
    return step(k, h, u, null);
  }

  private double[] step(Layer k, double h, double[] u, double[] slope) {
    double[] next = new double[u.length];
    step(k, h, u, next, slope);
    return next;
  }

  /**
   * {@link #step(int, double, double[], double[])} into the caller's {@code next} (not u itself),
   * for callers that step many times into arrays they keep: a fresh w × batch array per step cost
   * more than the element-wise work of the step (zeroing, and memory no cache holds).
   */
  public void stepInto(int layer, double h, double[] u, double[] next, double[] slope) {
    step(layer(layer), h, u, next, slope);
  }

  /**
   * Per column block, the pre-activation (bias, then the product onto it) into next and one pass
   * that applies σ, scales by h, adds u and, when asked, keeps σ'.
   */
  private void step(Layer k, double h, double[] u, double[] next, double[] slope) {
    int w = shape.width(), batch = batchOf(u);
    if (next.length != u.length || next == u) {
      throw new IllegalArgumentException("the next state must be another array of the state's " + u.length
          + " entries, got " + (next == u ? "the state itself" : next.length + " entries"));
    }
    if (slope != null && slope.length != u.length) {
      throw new IllegalArgumentException("slope has " + slope.length + " entries, the state " + u.length);
    }
    double[] bias = biasColumn(k);
    Activation act = shape.activation();
    for (int first = 0; first < batch; first += BLOCK_COLUMNS) {
      int cols = Math.min(BLOCK_COLUMNS, batch - first), from = first * w, to = from + cols * w;
      preActivation(k, bias, u, from, cols, next, from);
      // One flat loop over the block: loops nested per column ran several times slower.
      if (slope == null) {
        for (int j = from; j < to; j++) next[j] = u[j] + h * act.apply(next[j]);
      } else {
        for (int j = from; j < to; j++) {
          double a = next[j], sigma = act.apply(a);
          next[j] = u[j] + h * sigma;
          slope[j] = act.derivative(a, sigma);
        }
      }
    }
  }

  /**
   * a = K·u + b on the {@code cols} columns from entry {@code from} of u, into a from entry
   * {@code to}: the bias written first (one fill when it is a scalar, else copied column by column),
   * the product added onto it, so that no element-wise pass needs to know the bias's layout.
   */
  private void preActivation(Layer k, double[] bias, double[] u, int from, int cols, double[] a, int to) {
    int w = shape.width(), end = to + cols * w;
    if (shape.biasMode() == BiasMode.SCALAR) {
      Arrays.fill(a, to, end, bias[0]);
    } else {
      for (int col = to; col < end; col += w) System.arraycopy(bias, 0, a, col, w);
    }
    Mat.gemm(false, false, w, cols, w, 1.0, k.params(), k.weights(), u, from, 1.0, a, to);
  }

  /** The layer's bias as one entry per row, the scalar bias repeated. */
  private double[] biasColumn(Layer k) {
    int w = shape.width();
    double[] bias = new double[w];
    boolean scalar = shape.biasMode() == BiasMode.SCALAR;
    for (int i = 0; i < w; i++) bias[i] = k.params()[k.bias() + (scalar ? 0 : i)];
    return bias;
  }

  /**
   * The adjoint step of layer n about the state u_n, given the slope σ'(a_n) its forward step
   * kept (null when it kept none: then σ' is formed from K_n u_n, one product more): returns
   * λ_n = λ_{n+1} + h·K_nᵀ(σ'(a_n) ⊙ λ_{n+1}) and, when grad is not null, adds
   * ∂/∂K_n += h·(σ'(a_n) ⊙ λ_{n+1})·u_nᵀ and ∂/∂b_n += h·Σ(σ'(a_n) ⊙ λ_{n+1}) into it.
   */
  public double[] stepAdjoint(int layer, double h, double[] u, double[] slope, double[] lambdaNext, double[] grad) {
    double[] lambda = lambdaNext.clone();
    stepAdjointInto(layer, h, u, slope, lambda, lambda, grad);
    return lambda;
  }

  /**
   * {@link #stepAdjoint(int, double, double[], double[], double[], double[])} into the caller's
   * {@code lambda}, which may be {@code lambdaNext} itself: a backward sweep keeps no adjoint, so
   * one array can carry λ from the last layer to the first.
   */
  public void stepAdjointInto(int layer, double h, double[] u, double[] slope, double[] lambdaNext, double[] lambda,
      double[] grad) {
    adjoint(layer(layer), h, u, slope, lambdaNext, lambda, grad, shape.layerWeights(layer), shape.layerBias(layer));
  }

  /** The adjoint step of {@link #step(Layer, double, double[])}, linearised about u. */
  public double[] stepAdjoint(Layer k, double h, double[] u, double[] lambdaNext) {
    double[] lambda = lambdaNext.clone();
    adjoint(k, h, u, null, lambda, lambda, null, 0, 0);
    return lambda;
  }

  /**
   * Adds layer n's weight gradient (as {@link #stepAdjoint(int, double, double[], double[], double[], double[])}
   * does) into grad without the λ_n product: what MGRIT's final fine-grid sweep needs once the
   * adjoints are known.
   */
  public void layerGradient(int layer, double h, double[] u, double[] lambdaNext, double[] grad) {
    adjoint(layer(layer), h, u, null, lambdaNext, null, grad, shape.layerWeights(layer), shape.layerBias(layer));
  }

  /**
   * Per column block: one pass forming S = h·σ' ⊙ λ_next (h folded in once, so neither product
   * scales) in a block of this thread's scratch, σ' read from slope or, when that is null, from the
   * block's pre-activation written there first (no w × batch array of slopes); then, when lambda
   * is not null, λ = λ_next + Kᵀ·S (λ_next's block copied first unless lambda is λ_next: the
   * block's S is formed before the product overwrites it), and when grad is not null
   * gradK += S·uᵀ and the bias gradient S·1.
   */
  private void adjoint(Layer k, double h, double[] u, double[] slope, double[] lambdaNext, double[] lambda,
      double[] grad, int gradWeights, int gradBias) {
    int w = shape.width(), batch = batchOf(u);
    if (lambdaNext.length != u.length || (slope != null && slope.length != u.length)
        || (lambda != null && lambda.length != u.length)) {
      throw new IllegalArgumentException("adjoints " + lambdaNext.length
          + (lambda == null ? "" : " and " + lambda.length) + (slope == null ? "" : ", slope " + slope.length)
          + " entries against a state of " + u.length);
    }
    double[] s = BlockScratch.atLeast(w * Math.min(BLOCK_COLUMNS, batch));
    double[] bias = slope == null ? biasColumn(k) : null;
    Activation act = shape.activation();
    boolean scalar = shape.biasMode() == BiasMode.SCALAR;
    for (int first = 0; first < batch; first += BLOCK_COLUMNS) {
      int cols = Math.min(BLOCK_COLUMNS, batch - first), from = first * w, len = cols * w;
      if (slope != null) {
        for (int j = 0; j < len; j++) s[j] = h * slope[from + j] * lambdaNext[from + j];
      } else {
        preActivation(k, bias, u, from, cols, s, 0);
        // σ' in a loop of its own: fused with the product by λ_next, the JIT left the loop scalar
        // and it ran 2.6 times slower (width 64, 512 columns).
        for (int j = 0; j < len; j++) s[j] = act.derivative(s[j]);
        for (int j = 0; j < len; j++) s[j] = h * s[j] * lambdaNext[from + j];
      }
      if (lambda != null) {
        if (lambda != lambdaNext) System.arraycopy(lambdaNext, from, lambda, from, len);
        Mat.gemm(true, false, w, cols, w, 1.0, k.params(), k.weights(), s, 0, 1.0, lambda, from);
      }
      if (grad != null) {
        Mat.gemm(false, true, w, w, cols, 1.0, s, 0, u, from, 1.0, grad, gradWeights);
        Mat.addRowSums(s, w, cols, 1.0, grad, gradBias, scalar);
      }
    }
  }

  /** z = W_cls·u_N + b_cls, the {@code classes × batch} logits. */
  public double[] logits(double[] uN) {
    int w = shape.width(), c = shape.numClasses(), batch = batchOf(uN);
    double[] z = new double[c * batch];
    Mat.gemm(false, false, c, batch, w, 1.0, theta, shape.classWeights(), uN, 0, 0.0, z, 0);
    Mat.addBias(z, c, batch, theta, shape.classBias(), false);
    return z;
  }

  /**
   * Softmax cross-entropy summed (not averaged) over the batch, so that shards can be added.
   * When grad is not null, adds ∂(sum loss)/∂(W_cls, b_cls) into it and returns λ_N in
   * {@link ClassifierResult#lambda()}.
   */
  public ClassifierResult classify(double[] uN, int[] labels, double[] grad) {
    int w = shape.width(), c = shape.numClasses(), batch = batchOf(uN);
    if (labels.length != batch) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + batch);
    }
    double[] p = Softmax.probabilitiesInPlace(logits(uN), c, batch);
    double loss = 0;
    int correct = 0;
    for (int j = 0; j < batch; j++) {
      int y = labels[j];
      loss -= Math.log(Math.max(p[j * c + y], Double.MIN_NORMAL));
      if (Softmax.argmax(p, j * c, c) == y) correct++;
    }
    if (grad == null) return new ClassifierResult(loss, correct, batch, null);
    for (int j = 0; j < batch; j++) p[j * c + labels[j]] -= 1.0; // p is now ∂loss/∂z
    /* gradW_cls += G · u_Nᵀ */
    Mat.gemm(false, true, c, w, batch, 1.0, p, 0, uN, 0, 1.0, grad, shape.classWeights());
    Mat.addRowSums(p, c, batch, 1.0, grad, shape.classBias(), false);
    double[] lambda = new double[w * batch];
    /* λ_N = W_clsᵀ · G */
    Mat.gemm(true, false, w, batch, c, 1.0, theta, shape.classWeights(), p, 0, 0.0, lambda, 0);
    return new ClassifierResult(loss, correct, batch, lambda);
  }

  /** Class probabilities, {@code classes × batch}. */
  public double[] probabilities(double[] uN) {
    return Softmax.probabilitiesInPlace(logits(uN), shape.numClasses(), batchOf(uN));
  }

  /** Loss sum, number correct and batch size of one classification; λ_N when asked for. */
  public record ClassifierResult(double lossSum, int correct, int count, double[] lambda) {}
}
