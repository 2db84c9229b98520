package org.layerbraid.report;

import java.util.ArrayList;
import java.util.List;

/** Plausible training histories for tests: loss falls, accuracy rises, levels deepen. */
final class TestRecords {
  private TestRecords() {}

  /** {@code levels} levels of {@code epochsPerLevel} epochs; depth 4·2^level; MGRIT on odd levels. */
  static List<EpochRecord> history(int levels, int epochsPerLevel) {
    List<EpochRecord> out = new ArrayList<>();
    long step = 0;
    double elapsed = 0;
    int k = 0;
    for (int level = 0; level < levels; level++) {
      int depth = 4 << level;
      boolean mgrit = level % 2 == 1;
      for (int epoch = 1; epoch <= epochsPerLevel; epoch++, k++) {
        double epochSeconds = 0.5 * depth / 4;
        elapsed += epochSeconds;
        step += 10;
        double loss = 1.6 * Math.exp(-0.15 * k) + 0.02 + (epoch == 1 && level > 0 ? 0.1 : 0);
        double acc = Math.min(0.995, 0.2 + 0.8 * (1 - Math.exp(-0.2 * k)));
        out.add(new EpochRecord(level, depth, epoch, step, loss, acc, loss * 1.1, acc - 0.01,
            elapsed, epochSeconds, mgrit ? 2 : 0, mgrit ? 1.5 : 0,
            mgrit ? 1e-3 * Math.exp(-k) : Double.NaN, 5000 / epochSeconds));
      }
    }
    return out;
  }
}
