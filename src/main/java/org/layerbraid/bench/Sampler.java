package org.layerbraid.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times several operations round by round: each round takes one sample of every series in turn,
 * so that a slow spell of a shared machine hits all series alike and ratios of one round's samples
 * are fair. Each series is warmed up first (JIT), then calibrated to a number of repetitions per
 * sample of about a tenth of the minimum time (and adjusted when samples drift far from it); rounds
 * go on until every series has been timed for the minimum time and at least {@code minRounds}
 * rounds were taken.
 */
final class Sampler {

  /** Runs {@code reps} repetitions and returns a value that depends on their results. */
  @FunctionalInterface
  interface Op {
    double run(int reps);
  }

  record Series(String name, Op op) {}

  /**
   * @param secondsPerRep per series, one entry per round
   * @param gcSeconds per series, garbage-collection time during its samples
   * @param timedSeconds per series, total time of its samples
   * @param minorFaults per series, minor page faults of this process during its samples (-1 when
   *     /proc/self/stat cannot be read): the cost of touching freshly allocated memory
   * @param repetitions per series, repetitions timed in all
   * @param checksum sum of what the operations returned: finite when the arithmetic stayed finite
   */
  record Samples(List<Series> series, double[][] secondsPerRep, double[] gcSeconds,
      double[] timedSeconds, long[] minorFaults, long[] repetitions, double checksum) {
    int rounds() { return secondsPerRep[0].length; }
  }

  private final double minSeconds;
  private final double warmupSeconds;
  private final int minRounds;

  Sampler(double minSeconds, double warmupSeconds, int minRounds) {
    if (!(minSeconds > 0) || !(warmupSeconds >= 0) || minRounds < 1) {
      throw new IllegalArgumentException("need minSeconds > 0, warmupSeconds >= 0, minRounds >= 1");
    }
    this.minSeconds = minSeconds;
    this.warmupSeconds = warmupSeconds;
    this.minRounds = minRounds;
  }

  Samples run(List<Series> series) {
    int s = series.size();
    double checksum = 0;
    int[] reps = new int[s];
    double target = minSeconds / 10;
    for (int i = 0; i < s; i++) {
      Op op = series.get(i).op();
      long start = System.nanoTime();
      do {
        checksum += op.run(1);
      } while (seconds(start) < warmupSeconds);
      int n = 1;
      while (true) {
        long t0 = System.nanoTime();
        checksum += op.run(n);
        if (seconds(t0) >= target || n >= 1 << 28) break;
        n *= 2;
      }
      reps[i] = n;
    }
    List<double[]> rounds = new ArrayList<>();
    double[] gc = new double[s];
    double[] timed = new double[s];
    long[] faults = new long[s];
    long[] done = new long[s];
    while (true) {
      double[] round = new double[s];
      for (int i = 0; i < s; i++) {
        long gc0 = gcMillis();
        long f0 = minorFaults();
        long t0 = System.nanoTime();
        checksum += series.get(i).op().run(reps[i]);
        double t = seconds(t0);
        long f1 = minorFaults();
        gc[i] += (gcMillis() - gc0) / 1000.0;
        faults[i] = f0 < 0 || f1 < 0 || faults[i] < 0 ? -1 : faults[i] + (f1 - f0);
        timed[i] += t;
        done[i] += reps[i];
        round[i] = t / reps[i];
        // Keep samples near the target length: a calibration disturbed by other processes can be
        // far off, and samples of unequal length are unequally exposed to them.
        if (t < target / 2 && reps[i] < 1 << 28) reps[i] *= 2;
        else if (t > 4 * target && reps[i] > 1) reps[i] /= 2;
      }
      rounds.add(round);
      boolean enough = rounds.size() >= minRounds;
      for (double t : timed) enough &= t >= minSeconds;
      if (enough) break;
    }
    double[][] perSeries = new double[s][rounds.size()];
    for (int r = 0; r < rounds.size(); r++) {
      for (int i = 0; i < s; i++) perSeries[i][r] = rounds.get(r)[i];
    }
    return new Samples(List.copyOf(series), perSeries, gc, timed, faults, done, checksum);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) * 1e-9;
  }

  /** Field 10 (minflt) of /proc/self/stat, or -1 off Linux. */
  static long minorFaults() {
    try {
      String stat = Files.readString(STAT);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[7]); // fields from 3 (state) on: minflt is field 10
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static final Path STAT = Path.of("/proc/self/stat");

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      long t = b.getCollectionTime();
      if (t > 0) total += t;
    }
    return total;
  }
}
