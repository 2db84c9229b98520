package org.layerbraid.data;

import java.util.function.Supplier;

/**
 * Validation runs inside Spark tasks, where a {@link DataException} arrives at the driver wrapped
 * in a job failure. Callers want the data error itself, so it is dug out and rethrown.
 */
public final class SparkErrors {
  private SparkErrors() {}

  public static <T> T unwrap(Supplier<T> job) {
    try {
      return job.get();
    } catch (Exception e) { // SparkException is checked, yet Scala code throws it from unchecked calls
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DataException d) throw new DataException(d.getMessage(), e);
      }
      throw SparkErrors.<RuntimeException>sneaky(e);
    }
  }

  /** Rethrows any other failure unchanged, checked or not, as Spark itself does. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
