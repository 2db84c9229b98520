package org.layerbraid.mgrit;

import java.io.Serializable;

/**
 * One grid of the hierarchy: its points are the fine points {@code 0, stride, 2·stride, …};
 * every {@code cfactor}-th of them is a C-point and the next level consists of those.
 */
public record Level(int index, int numPoints, int cfactor, int stride, int fineSteps, double tstart,
    double tstop) implements Serializable {

  public boolean isCPoint(int i) { return i % cfactor == 0; }

  public int fineIndex(int i) { return i * stride; }

  public double time(int i) { return tstart + (tstop - tstart) * fineIndex(i) / fineSteps; }

  /** Number of C-points = number of points of the next level. */
  public int numCPoints() { return (numPoints - 1) / cfactor + 1; }
}
