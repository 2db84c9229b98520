package org.layerbraid.report;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON object per line and event, for schedulers and log collectors (Airflow, Kubernetes).
 * Every object has {@code "event"} (the method name: runStarted, levelStarted, epoch, message,
 * mgritIteration, error, runFinished) and {@code "time"} (ISO-8601 UTC); the rest are the
 * method's arguments by name. Non-finite numbers are written as null to stay strict JSON.
 */
public final class JsonLinesProgress implements Progress {
  private final PrintStream out;
  private final Clock clock;
  private final LevelClock levelClock = new LevelClock();

  public JsonLinesProgress(PrintStream out) {
    this(out, Clock.systemUTC());
  }

  /** With an explicit clock for the {@code "time"} field, so that output can be reproduced. */
  public JsonLinesProgress(PrintStream out, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void runStarted(String description, int totalLevels) {
    Map<String, Object> e = event("runStarted");
    e.put("description", description);
    e.put("totalLevels", totalLevels);
    emit(e);
  }

  @Override
  public synchronized void levelStarted(int level, int depth, int maxEpochs) {
    levelClock.startLevel(level);
    Map<String, Object> e = event("levelStarted");
    e.put("level", level);
    e.put("depth", depth);
    e.put("maxEpochs", maxEpochs);
    emit(e);
  }

  @Override
  public synchronized void epoch(EpochRecord r, int maxEpochsThisLevel, int levelsLeftAfterThis) {
    Map<String, Object> e = event("epoch");
    e.putAll(RecordFields.of(r));
    e.put("maxEpochs", maxEpochsThisLevel);
    e.put("levelsLeft", levelsLeftAfterThis);
    e.put("levelSecondsLeft", levelClock.secondsLeft(r, maxEpochsThisLevel));
    emit(e);
  }

  @Override
  public synchronized void message(String text) {
    Map<String, Object> e = event("message");
    e.put("message", text);
    emit(e);
  }

  @Override
  public synchronized void mgritIteration(String solve, int iteration, double residual) {
    Map<String, Object> e = event("mgritIteration");
    e.put("solve", solve);
    e.put("iteration", iteration);
    e.put("residual", residual);
    emit(e);
  }

  @Override
  public synchronized void error(String text) {
    Map<String, Object> e = event("error");
    e.put("message", text);
    emit(e);
  }

  @Override
  public synchronized void runFinished(Map<String, ?> metrics) {
    Map<String, Object> e = event("runFinished");
    e.put("metrics", metrics);
    emit(e);
  }

  private Map<String, Object> event(String name) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    e.put("time", clock.instant().toString());
    return e;
  }

  private void emit(Map<String, Object> e) {
    out.println(Json.compact(e));
    out.flush();
  }
}
