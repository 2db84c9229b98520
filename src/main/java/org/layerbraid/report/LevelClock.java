package org.layerbraid.report;

/**
 * Estimates the time left in the current nested-iteration level from the mean epoch time seen
 * so far in that level. Earlier levels are ignored because their networks are shallower, so
 * their epochs are cheaper by roughly the depth ratio.
 */
final class LevelClock {
  private int level = -1;
  private double secondsSum;
  private int epochs;

  /** Forgets the previous level's epochs. */
  void startLevel(int newLevel) {
    level = newLevel;
    secondsSum = 0;
    epochs = 0;
  }

  /**
   * Takes the epoch into account and returns the estimated seconds until the level's epoch cap
   * is reached (0 once reached). A record from a different level starts that level, so callers
   * that never announce levels still get per-level estimates.
   */
  double secondsLeft(EpochRecord r, int maxEpochs) {
    if (r.level() != level) startLevel(r.level());
    secondsSum += r.epochSeconds();
    epochs++;
    return secondsSum / epochs * Math.max(0, maxEpochs - r.epoch());
  }
}
