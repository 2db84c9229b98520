package org.layerbraid.bench;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.layerbraid.model.Mat;

/**
 * Counts what a piece of model code asks BLAS to do, by running it once with a counting proxy in
 * front of the BLAS in use: the matrix products (op(A), op(B), m×n×k) and their 2·m·n·k flops.
 * Element-wise loops (bias, activation, Hadamard products) do not go through BLAS and are not
 * counted; they are O(width·batch) against the products' O(width²·batch).
 *
 * @param products one entry per dgemm call, e.g. "NN 8x256x8" (op(A) op(B) m×n×k)
 * @param gemmFlops Σ 2·m·n·k over the products
 * @param otherBlasCalls BLAS calls other than dgemm
 */
public record FlopAudit(List<String> products, long gemmFlops, int otherBlasCalls) {

  /** Runs {@code code} once with counting switched on, then restores the BLAS in use. */
  public static FlopAudit of(Runnable code) {
    Counter counter = new Counter(Mat.blas());
    BLAS proxy = (BLAS) Proxy.newProxyInstance(BLAS.class.getClassLoader(),
        new Class<?>[] {BLAS.class}, counter);
    BLAS previous = Mat.useBlas(proxy);
    try {
      code.run();
    } finally {
      Mat.useBlas(previous);
    }
    return new FlopAudit(List.copyOf(counter.products), counter.flops, counter.other);
  }

  private static final class Counter implements InvocationHandler {
    private final BLAS target;
    final List<String> products = new ArrayList<>();
    long flops;
    int other;

    Counter(BLAS target) { this.target = target; }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) return method.invoke(this, args);
      if (method.getName().equals("dgemm")) {
        int m = (Integer) args[2], n = (Integer) args[3], k = (Integer) args[4];
        products.add(args[0] + "" + args[1] + " " + m + "x" + n + "x" + k);
        flops += 2L * m * n * k;
      } else {
        other++;
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
