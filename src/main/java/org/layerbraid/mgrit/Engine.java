package org.layerbraid.mgrit;

import java.io.Serializable;
import java.util.List;

/**
 * Where the time points live and how a sweep over them runs. The MGRIT cycle ({@link Mgrit}) is
 * written once against this contract; an engine only stores each level's blocks, applies a block
 * kernel to all of them, passes the one boundary value between neighbouring blocks, and moves
 * C-point data between levels. Kernels are the shared units {@link Relaxation},
 * {@link Restriction} and {@link Interpolation}.
 *
 * <p>A solve is {@code initialize}, {@link #solve}, then {@code states}, {@code sumVectors},
 * {@code steps}. Most engines are driven from this JVM: {@code solve} lets the cycle call their
 * operations one by one. An engine whose blocks live in long-running tasks runs the same cycle in
 * every task instead, each task on an engine of its own blocks, in step with the others; on the
 * driver it answers only that sequence, for the finest level.
 */
public interface Engine<V> extends AutoCloseable {

  /** A block kernel: updates the block in place and returns a number: steps taken, or a measurement. */
  interface Sweep<V> extends Serializable {
    double apply(Block<V> block, TimeStepper<V> stepper);
  }

  /** A block function whose vector results are summed over all blocks (e.g. a gradient). */
  interface BlockVector<V> extends Serializable {
    double[] apply(Block<V> block, TimeStepper<V> stepper);
  }

  /**
   * Sets the fine level to the given states (the initial guess; a warm start passes the last
   * solution) and their aux data (null when the stepper needs none).
   */
  void initialize(List<V> fineStates, List<V> fineAux);

  /** Runs the cycle on the current fine states (see {@link #initialize}); returns its history. */
  default ConvergenceHistory solve(Mgrit<V> cycle) {
    return cycle.solve(this);
  }

  /**
   * Applies the kernel to every block of the level; what it returns counts as steps taken. An
   * engine may defer the work until a result is asked for ({@link #measure}, {@link #states}, …).
   */
  void sweep(int level, Sweep<V> kernel);

  /** Applies the kernel to every block of the level now and returns the sum of what it returned. */
  double measure(int level, Sweep<V> kernel);

  /** The sum over all blocks of the level of the function's vectors, added in block order. */
  double[] sumVectors(int level, BlockVector<V> function);

  /** Gives every block the {@code outgoing} state of the block before it, as {@code incoming}. */
  void exchange(int level);

  /**
   * Builds the level from the C-points of the finer one: states injected, and with
   * {@code withResidual} the finer level's C-point residuals as right-hand side (made FAS by the
   * cycle); without, the right-hand side is zero (XBraid's skipped first down-cycle).
   */
  void inject(int coarseLevel, boolean withResidual);

  /** Adds the coarse level's change to the C-points of the finer level. */
  void correct(int coarseLevel);

  /** Solves the level exactly by stepping through it in order. */
  void solveInOrder(int level);

  /** All states of a level, in time order. */
  List<V> states(int level);

  /** Time-stepper applications so far, on all levels (work, including any recomputation). */
  long steps();

  /** Says what the next operations do (iteration, level, phase), e.g. for the Spark UI. */
  default void describe(String phase) {}

  /** Number of distributed stages run so far (0 for engines without stages); for cost reports. */
  default long stages() { return 0; }

  /** Releases what the engine holds (cached blocks, broadcasts). */
  @Override
  default void close() {}
}
