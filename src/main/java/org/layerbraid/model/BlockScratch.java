package org.layerbraid.model;

/**
 * One array per thread for a kernel's column-block temporaries. A fresh block array per call cost
 * about as much as the element-wise pass that fills it (zeroing and first touches of memory no
 * cache holds), and a block is small enough (width × {@link ResNet#BLOCK_COLUMNS} entries) to keep.
 * Nothing may hold the array across a call that could ask for it again on the same thread.
 */
final class BlockScratch {
  private static final ThreadLocal<double[]> ARRAY = ThreadLocal.withInitial(() -> new double[0]);

  private BlockScratch() {}

  /** This thread's array, at least n long; its contents are left over from the last use. */
  static double[] atLeast(int n) {
    double[] a = ARRAY.get();
    if (a.length < n) {
      a = new double[n];
      ARRAY.set(a);
    }
    return a;
  }
}
