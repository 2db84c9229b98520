package org.layerbraid.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/** Human-readable progress: one line per event, flushed at once so that piping works. */
public final class ConsoleProgress implements Progress {
  private final PrintStream out;
  private final LevelClock clock = new LevelClock();
  private int totalLevels;

  public ConsoleProgress() {
    this(System.out);
  }

  public ConsoleProgress(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public synchronized void runStarted(String description, int totalLevels) {
    this.totalLevels = totalLevels;
    line(description + (totalLevels > 1 ? " (" + totalLevels + " levels)" : ""));
  }

  @Override
  public synchronized void levelStarted(int level, int depth, int maxEpochs) {
    clock.startLevel(level);
    line(levelLabel(level) + ": depth N=" + depth + ", up to " + maxEpochs + " epochs");
  }

  @Override
  public synchronized void epoch(EpochRecord r, int maxEpochsThisLevel, int levelsLeftAfterThis) {
    double left = clock.secondsLeft(r, maxEpochsThisLevel);
    StringBuilder sb = new StringBuilder();
    sb.append(levelLabel(r.level())).append(" N=").append(r.depth())
        .append("  epoch ").append(r.epoch()).append('/').append(maxEpochsThisLevel)
        .append("  loss ").append(Format.number(r.trainLoss()))
        .append("  train ").append(Format.percent(r.trainAccuracy()))
        .append("  val ").append(Format.percent(r.validationAccuracy()));
    if (r.usedMgrit()) {
      sb.append("  mgrit ").append(Format.number(r.mgritForwardIterations()))
          .append('/').append(Format.number(r.mgritBackwardIterations()));
      if (!Double.isNaN(r.mgritResidual())) {
        sb.append(" res ").append(Format.residual(r.mgritResidual()));
      }
    }
    sb.append("  ").append(Format.rate(r.examplesPerSecond())).append(" ex/s")
        .append("  level left ~").append(Format.duration(left));
    if (levelsLeftAfterThis > 0) {
      sb.append(" (+").append(levelsLeftAfterThis)
          .append(levelsLeftAfterThis == 1 ? " level)" : " levels)");
    }
    line(sb.toString());
  }

  @Override
  public synchronized void message(String text) {
    line(text);
  }

  @Override
  public synchronized void mgritIteration(String solve, int iteration, double residual) {
    line("  mgrit " + solve + "  iteration " + iteration + "  residual "
        + Format.residual(residual));
  }

  @Override
  public synchronized void error(String text) {
    line("ERROR: " + text);
  }

  @Override
  public synchronized void runFinished(Map<String, ?> metrics) {
    line("finished");
    for (Map.Entry<String, ?> e : metrics.entrySet()) {
      line("  " + e.getKey() + ": " + Format.value(e.getValue()));
    }
  }

  // Levels are 0-based in files and code, 1-based for people.
  private String levelLabel(int level) {
    return "level " + (level + 1) + (totalLevels > 0 ? "/" + totalLevels : "");
  }

  private void line(String s) {
    out.println(s);
    out.flush();
  }
}
