package org.layerbraid.data;

import java.io.Serializable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * One validated example on its way from a distributed source into an {@link Examples} block.
 * Sparse when {@code indices} is non-null (LIBSVM), so wide sparse rows are not densified before
 * the shuffle that cuts them into blocks.
 */
record LabeledRow(int label, int[] indices, double[] values) implements Serializable {

  static LabeledRow dense(int label, double[] values) { return new LabeledRow(label, null, values); }

  /** The features as an ML vector of size {@code dim}: sparse when the row is. */
  Vector vector(int dim) {
    return indices == null ? Vectors.dense(values) : Vectors.sparse(dim, indices, values);
  }

  void copyInto(double[] dst, int offset) {
    if (indices == null) {
      System.arraycopy(values, 0, dst, offset, values.length);
    } else {
      for (int k = 0; k < indices.length; k++) dst[offset + indices[k]] = values[k];
    }
  }
}
