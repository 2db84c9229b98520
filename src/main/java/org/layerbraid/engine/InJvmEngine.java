package org.layerbraid.engine;

import java.util.ArrayList;
import java.util.List;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Interpolation;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Relaxation;
import org.layerbraid.mgrit.Restriction;
import org.layerbraid.mgrit.TimeStepper;

/**
 * Every level's blocks in this JVM's memory, swept one after another: the reference engine for
 * tests and small models. With more than one block per level it steps exactly the intervals, in
 * the same blocks, that the Spark engine steps in its partitions.
 */
public final class InJvmEngine<V> implements Engine<V> {
  private final Hierarchy hierarchy;
  private final TimeStepper<V> stepper;
  private final int blocksPerLevel;
  private final List<List<Block<V>>> levels = new ArrayList<>();
  private long steps;

  /** Engines that keep each solve's time points in this JVM, in {@code blocksPerLevel} blocks per level. */
  public static <V> EngineFactory<V> factory(int blocksPerLevel) {
    return (h, s) -> new InJvmEngine<>(h, s, blocksPerLevel);
  }

  public InJvmEngine(Hierarchy hierarchy, TimeStepper<V> stepper, int blocksPerLevel) {
    if (blocksPerLevel < 1) throw new IllegalArgumentException("blocksPerLevel must be >= 1, got " + blocksPerLevel);
    this.hierarchy = hierarchy;
    this.stepper = stepper;
    this.blocksPerLevel = blocksPerLevel;
    for (int l = 0; l < hierarchy.numLevels(); l++) levels.add(List.of());
  }

  @Override
  public void initialize(List<V> fineStates, List<V> fineAux) {
    levels.set(0, Layout.cut(hierarchy.level(0), fineStates, fineAux, blocksPerLevel));
  }

  @Override
  public void sweep(int level, Sweep<V> kernel) {
    steps += (long) measure(level, kernel);
  }

  @Override
  public double measure(int level, Sweep<V> kernel) {
    double sum = 0;
    for (Block<V> b : levels.get(level)) sum += kernel.apply(b, stepper);
    return sum;
  }

  @Override
  public long steps() { return steps; }

  @Override
  public double[] sumVectors(int level, BlockVector<V> function) {
    double[] sum = null;
    for (Block<V> b : levels.get(level)) sum = VectorSums.add(sum, function.apply(b, stepper));
    return sum;
  }

  @Override
  public void exchange(int level) {
    List<Block<V>> blocks = levels.get(level);
    blocks.get(0).setIncoming(null);
    for (int p = 1; p < blocks.size(); p++) blocks.get(p).setIncoming(blocks.get(p - 1).outgoing());
  }

  @Override
  public void inject(int coarseLevel, boolean withResidual) {
    List<Block<V>> pieces = new ArrayList<>();
    for (Block<V> fine : levels.get(coarseLevel - 1)) {
      pieces.add(Restriction.inject(fine, hierarchy.level(coarseLevel), withResidual, stepper.coarseAuxFromLastFineStep()));
    }
    levels.set(coarseLevel, Layout.regroup(pieces, hierarchy.level(coarseLevel), blocksPerLevel));
  }

  @Override
  public void correct(int coarseLevel) {
    for (Block<V> fine : levels.get(coarseLevel - 1)) {
      for (Block<V> coarse : levels.get(coarseLevel)) Interpolation.correct(fine, coarse, stepper);
    }
  }

  @Override
  public void solveInOrder(int level) {
    steps += (long) Relaxation.solveInOrder(levels.get(level), stepper);
  }

  @Override
  public List<V> states(int level) {
    List<V> out = new ArrayList<>();
    for (Block<V> b : levels.get(level)) {
      for (int k = 0; k < b.size(); k++) out.add(b.state(k));
    }
    return out;
  }
}
