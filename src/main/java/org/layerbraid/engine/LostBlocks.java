package org.layerbraid.engine;

/**
 * Recognises a Spark job that failed because blocks went with a lost executor and nothing can
 * recompute them: a local checkpoint's block, or blocks the engine made on the driver and has
 * released. Spark reports a task's failure as text inside the job's exception, so the test is
 * on the messages of the exception and its causes.
 */
final class LostBlocks {
  private LostBlocks() {}

  /** The message of an engine's released driver blocks, read by a task recomputing them. */
  static final String RELEASED = "blocks made on the driver were released; recomputing them (after an executor was lost?) is not possible";

  /** Spark's message when a locally checkpointed block is gone with its executor. */
  private static final String LOCAL_CHECKPOINT = "Checkpoint block ";

  static boolean in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains(RELEASED) || m.contains(LOCAL_CHECKPOINT) && m.contains("not found"))) return true;
    }
    return false;
  }
}
