package org.layerbraid.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How long-running work (training, MGRIT studies, benchmarks) tells the user what it is doing.
 * The caller reports events in order: {@link #runStarted}, then per level {@link #levelStarted}
 * and its {@link #epoch}s, interleaved with {@link #message}s and {@link #mgritIteration}s, and
 * finally {@link #runFinished}. Implementations are safe to call from several threads.
 */
public interface Progress {

  /** The modes {@link #forMode} accepts. */
  List<String> MODES = List.of("console", "quiet", "json");

  /** A run begins; {@code totalLevels} is the number of nested-iteration levels (1 if none). */
  void runStarted(String description, int totalLevels);

  /** Level {@code level} (0-based) with a network of {@code depth} layers begins. */
  void levelStarted(int level, int depth, int maxEpochs);

  /**
   * One epoch ended.
   *
   * @param maxEpochsThisLevel the epoch cap of the current level, for "epoch i/n" and the
   *     estimate of the level's remaining time
   * @param levelsLeftAfterThis levels still to run once this one ends
   */
  void epoch(EpochRecord r, int maxEpochsThisLevel, int levelsLeftAfterThis);

  /** Free-form information worth a line of its own. */
  void message(String text);

  /**
   * One MGRIT iteration of {@code solve} (e.g. "forward", "backward", "N=256") ended with
   * residual norm {@code residual}; fine-grained, for convergence tables.
   */
  void mgritIteration(String solve, int iteration, double residual);

  /** Something went wrong; shown in every mode, including quiet. */
  void error(String text);

  /** The run ended; {@code metrics} are its final results (what goes into metrics.json). */
  void runFinished(Map<String, ?> metrics);

  /**
   * The implementation for a user-facing mode name: {@code console} (human-readable lines),
   * {@code quiet} (errors and a one-line summary only) or {@code json} (one JSON object per
   * event, for schedulers). Case is ignored.
   *
   * @throws IllegalArgumentException naming the value and the valid modes when unknown
   */
  static Progress forMode(String mode, PrintStream out) {
    Objects.requireNonNull(out, "out");
    String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
    return switch (m) {
      case "console" -> new ConsoleProgress(out);
      case "quiet" -> new QuietProgress(out);
      case "json" -> new JsonLinesProgress(out);
      default -> throw new IllegalArgumentException("unknown progress mode '" + mode
          + "'; valid modes are: " + String.join(", ", MODES));
    };
  }
}
