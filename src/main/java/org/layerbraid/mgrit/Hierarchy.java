package org.layerbraid.mgrit;

import java.util.ArrayList;
import java.util.List;

/**
 * The levels of an MGRIT solve over {@code fineSteps} steps (fineSteps + 1 points): level l+1
 * holds the C-points of level l (indices divisible by its cfactor). As in XBraid, a level is added
 * only while {@code maxLevels} allows and the coarser grid keeps at least {@code minCoarse}
 * intervals; a problem of at most {@code minCoarse} steps is solved on one level.
 */
public final class Hierarchy implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final List<Level> levels;

  public Hierarchy(int fineSteps, double tstart, double tstop, MgritOptions options) {
    if (fineSteps < 1) throw new IllegalArgumentException("need at least 1 time step, got " + fineSteps);
    List<Level> ls = new ArrayList<>();
    int points = fineSteps + 1, stride = 1;
    for (int l = 0; ; l++) {
      int c = options.cfactor(l);
      ls.add(new Level(l, points, c, stride, fineSteps, tstart, tstop));
      int coarseIntervals = (points - 1) / c;
      if (ls.size() >= options.maxLevels() || coarseIntervals < Math.max(1, options.minCoarse())
          || fineSteps <= options.minCoarse()) {
        break;
      }
      points = coarseIntervals + 1;
      stride *= c;
    }
    this.levels = List.copyOf(ls);
  }

  public int numLevels() { return levels.size(); }

  public Level level(int l) { return levels.get(l); }

  public List<Level> levels() { return levels; }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Level l : levels) {
      s.append(String.format("  level %d: %d points, cfactor %d, step %d fine steps%n", l.index(), l.numPoints(),
          l.cfactor(), l.stride()));
    }
    return s.toString();
  }
}
