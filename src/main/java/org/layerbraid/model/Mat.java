package org.layerbraid.model;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * Dense column-major kernels on flat arrays with offsets, so that weight matrices can be views
 * into one parameter vector. Products go to BLAS (native when a system BLAS is installed, else
 * netlib's Java fallback); the element-wise loops stay here because BLAS has no such kernels.
 */
public final class Mat {
  private static volatile BLAS blasInstance = BLAS.getInstance();

  private Mat() {}

  /** The BLAS implementation in use, for benchmarks and logs. */
  public static String blasName() { return blasInstance.getClass().getSimpleName(); }

  /** The BLAS implementation in use. */
  public static BLAS blas() { return blasInstance; }

  /**
   * Replaces the BLAS implementation of this JVM and returns the previous one, so that a benchmark
   * can time native and Java BLAS in one run ({@code dev.ludovic.netlib.blas.NativeBLAS} /
   * {@code JavaBLAS.getInstance()}). Not meant to be called while other threads compute.
   */
  public static BLAS useBlas(BLAS implementation) {
    if (implementation == null) throw new IllegalArgumentException("BLAS implementation is null");
    BLAS previous = blasInstance;
    blasInstance = implementation;
    return previous;
  }

  /** C = alpha · op(A)·op(B) + beta · C, with A: m×k (or k×m when transposed), B: k×n, C: m×n. */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int offA, double[] b, int offB, double beta, double[] c, int offC) {
    blasInstance.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha,
        a, offA, transA ? k : m, b, offB, transB ? n : k, beta, c, offC, m);
  }

  /** y += a · x over len entries. */
  public static void axpy(int len, double a, double[] x, int offX, double[] y, int offY) {
    for (int i = 0; i < len; i++) y[offY + i] += a * x[offX + i];
  }

  /** A(:, j) += bias for every column j of the rows×cols matrix A; a 1-long bias is broadcast. */
  public static void addBias(double[] a, int rows, int cols, double[] bias, int offBias, boolean scalar) {
    for (int j = 0; j < cols; j++) {
      int col = j * rows;
      for (int i = 0; i < rows; i++) a[col + i] += bias[offBias + (scalar ? 0 : i)];
    }
  }

  /**
   * g[offG + i] += scale · Σ_j A(i, j) (or the sum of all entries into g[offG] when scalar): one
   * matrix-vector product with a vector of ones, since a loop over the rows of every column ran
   * several times slower than BLAS at the widths of interest.
   */
  public static void addRowSums(double[] a, int rows, int cols, double scale, double[] g, int offG,
      boolean scalar) {
    if (!scalar) {
      blasInstance.dgemv("N", rows, cols, scale, a, 0, rows, ones(cols), 0, 1, 1.0, g, offG, 1);
      return;
    }
    double[] sums = new double[rows];
    blasInstance.dgemv("N", rows, cols, scale, a, 0, rows, ones(cols), 0, 1, 0.0, sums, 0, 1);
    for (double v : sums) g[offG] += v;
  }

  private static volatile double[] ones = new double[0];

  /** At least n ones, shared: nothing writes them. */
  private static double[] ones(int n) {
    double[] o = ones;
    if (o.length < n) {
      o = new double[n];
      Arrays.fill(o, 1.0);
      ones = o;
    }
    return o;
  }

  /** Σ x_i² over len entries from off. */
  public static double sumSquares(double[] x, int off, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) s += x[off + i] * x[off + i];
    return s;
  }
}
