package org.layerbraid.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * Silent except for errors and a one-line summary at the end: for batch runs whose results are
 * read from the metrics files, where per-epoch lines would only fill logs.
 */
public final class QuietProgress implements Progress {
  private final PrintStream out;

  public QuietProgress(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void runStarted(String description, int totalLevels) {}

  @Override
  public void levelStarted(int level, int depth, int maxEpochs) {}

  @Override
  public void epoch(EpochRecord r, int maxEpochsThisLevel, int levelsLeftAfterThis) {}

  @Override
  public void message(String text) {}

  @Override
  public void mgritIteration(String solve, int iteration, double residual) {}

  @Override
  public synchronized void error(String text) {
    out.println("ERROR: " + text);
    out.flush();
  }

  @Override
  public synchronized void runFinished(Map<String, ?> metrics) {
    out.println("finished: " + Format.scalarSummary(metrics));
    out.flush();
  }
}
