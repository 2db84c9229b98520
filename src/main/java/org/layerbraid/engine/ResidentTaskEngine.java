package org.layerbraid.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerbraid.mgrit.Block;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Interpolation;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Relaxation;
import org.layerbraid.mgrit.Restriction;
import org.layerbraid.mgrit.TimeStepper;

/**
 * The engine one task of the {@link ResidentEngine} runs the cycle on: block b of every level of
 * its data shard (the tasks are numbered shard · B + b, B the finest level's blocks; a coarse level
 * with fewer blocks leaves the last tasks without one). Every task runs the same cycle, so they call
 * the same operations in the same order; the operations that need other blocks talk to those tasks
 * over {@link TaskLinks}: the boundary state to the next block, C-point pieces to the blocks that own
 * them where the levels are not nested, the last state from block to block in the coarsest solve,
 * and the residual norm and step counts summed over all tasks, so every task decides alike.
 */
final class ResidentTaskEngine implements Engine<double[]> {
  private final Hierarchy hierarchy;
  private final TimeStepper<double[]> stepper;
  private final int layerBlocks;
  private final TaskLinks links;
  private final int shard;
  private final int block;
  private final boolean reversed;
  private final int finestBlocks;
  /** This task's block of each level, or null where the level has no block b. */
  private final List<Block<double[]>> mine = new ArrayList<>();
  private long steps;

  ResidentTaskEngine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks, TaskLinks links,
      Block<double[]> fineBlock) {
    this(hierarchy, stepper, layerBlocks, links, fineBlock, false);
  }

  /**
   * With {@code reversed}, task shard · B + b holds block B − 1 − b instead: an adjoint solve runs in
   * reversed time, and so its blocks sit in the tasks that hold the forward states they linearise about.
   */
  ResidentTaskEngine(Hierarchy hierarchy, TimeStepper<double[]> stepper, int layerBlocks, TaskLinks links,
      Block<double[]> fineBlock, boolean reversed) {
    this.hierarchy = hierarchy;
    this.stepper = stepper;
    this.layerBlocks = layerBlocks;
    this.links = links;
    this.finestBlocks = blocks(0);
    this.reversed = reversed;
    this.shard = links.self() / finestBlocks;
    this.block = reversed ? finestBlocks - 1 - links.self() % finestBlocks : links.self() % finestBlocks;
    for (int l = 0; l < hierarchy.numLevels(); l++) mine.add(null);
    mine.set(0, fineBlock);
  }

  private int blocks(int level) { return Layout.starts(hierarchy.level(level), layerBlocks).length; }

  /** The task that holds block b of this task's shard. */
  private int task(int b) { return shard * finestBlocks + (reversed ? finestBlocks - 1 - b : b); }

  /** This task's fine block, once the cycle is done. */
  Block<double[]> fineBlock() { return mine.get(0); }

  /** Steps this task took itself (the sum over tasks is the solve's work). */
  long localSteps() { return steps; }

  @Override
  public void initialize(List<double[]> fineStates, List<double[]> fineAux) {
    throw new IllegalStateException("a resident task starts from the block its stage hands it");
  }

  @Override
  public void sweep(int level, Sweep<double[]> kernel) {
    Block<double[]> b = mine.get(level);
    if (b != null) steps += (long) kernel.apply(b, stepper);
  }

  @Override
  public double measure(int level, Sweep<double[]> kernel) {
    Block<double[]> b = mine.get(level);
    return links.sum(b == null ? 0 : kernel.apply(b, stepper));
  }

  @Override
  public long steps() {
    return (long) links.sum(steps);
  }

  @Override
  public void exchange(int level) {
    Block<double[]> b = mine.get(level);
    if (b == null) return;
    if (block + 1 < blocks(level)) links.send(task(block + 1), TaskLinks.encode(b.outgoing()));
    b.setIncoming(block == 0 ? null : TaskLinks.decode(links.receive(task(block - 1))));
  }

  @Override
  public void inject(int coarseLevel, boolean withResidual) {
    Block<double[]> fine = mine.get(coarseLevel - 1);
    boolean fromLast = stepper.coarseAuxFromLastFineStep();
    Block<double[]> piece = fine == null ? null : Restriction.inject(fine, hierarchy.level(coarseLevel), withResidual, fromLast);
    if (Layout.nested(hierarchy.level(coarseLevel - 1), hierarchy.level(coarseLevel), layerBlocks)) {
      mine.set(coarseLevel, piece);
      return;
    }
    int[] coarseStarts = Layout.starts(hierarchy.level(coarseLevel), layerBlocks);
    List<List<Block<double[]>>> parts = route(piece == null || piece.size() == 0 ? List.of()
        : Layout.splitByBlocks(piece, coarseStarts), blocks(coarseLevel - 1), coarseStarts.length);
    mine.set(coarseLevel, parts == null || parts.isEmpty() ? null
        : Layout.merge(hierarchy.level(coarseLevel), parts.stream().flatMap(List::stream).toList()));
  }

  @Override
  public void correct(int coarseLevel) {
    Block<double[]> fine = mine.get(coarseLevel - 1);
    Block<double[]> coarse = mine.get(coarseLevel);
    if (Layout.nested(hierarchy.level(coarseLevel - 1), hierarchy.level(coarseLevel), layerBlocks)) {
      if (fine != null && coarse != null) Interpolation.correct(fine, coarse, stepper);
      return;
    }
    // Each coarse block goes whole to every fine block: correct() touches only the C-points it covers.
    int fineBlocks = blocks(coarseLevel - 1);
    List<Map.Entry<Integer, Block<double[]>>> out = new ArrayList<>();
    if (coarse != null) for (int f = 0; f < fineBlocks; f++) out.add(Map.entry(f, coarse));
    List<List<Block<double[]>>> received = route(out, blocks(coarseLevel), fineBlocks);
    if (fine != null) for (List<Block<double[]>> parts : received) for (Block<double[]> c : parts) Interpolation.correct(fine, c, stepper);
  }

  /**
   * Hands each (block index, block) pair to the task of that block of the receiving level: every
   * sending block of the shard sends every receiving block one message, empty or not, so a receiver
   * knows how many to wait for. Returns what this task received, by sender, or null when this task
   * holds no block of the receiving level.
   */
  @SuppressWarnings("unchecked")
  private List<List<Block<double[]>>> route(List<Map.Entry<Integer, Block<double[]>>> outgoing, int senders,
      int receivers) {
    if (block < senders) {
      for (int r = 0; r < receivers; r++) {
        ArrayList<Block<double[]>> forR = new ArrayList<>();
        for (Map.Entry<Integer, Block<double[]>> e : outgoing) if (e.getKey() == r) forR.add(e.getValue());
        links.send(task(r), TaskLinks.serialize(forR));
      }
    }
    if (block >= receivers) return null;
    List<List<Block<double[]>>> in = new ArrayList<>();
    for (int s = 0; s < senders; s++) in.add((List<Block<double[]>>) TaskLinks.deserialize(links.receive(task(s))));
    return in;
  }

  /** The blocks in order, each going on from the last state and aux of the one before. */
  @Override
  public void solveInOrder(int level) {
    Block<double[]> b = mine.get(level);
    if (b == null) return;
    double[] last = null, lastAux = null;
    if (block > 0) {
      last = TaskLinks.decode(links.receive(task(block - 1)));
      lastAux = TaskLinks.decode(links.receive(task(block - 1)));
    }
    steps += (long) Relaxation.solveInOrder(b, last, lastAux, stepper);
    if (block + 1 < blocks(level)) {
      links.send(task(block + 1), TaskLinks.encode(b.state(b.size() - 1)));
      links.send(task(block + 1), TaskLinks.encode(b.auxAt(b.size() - 1)));
    }
  }

  /** The driver reads the states of the blocks the stage leaves; a task never needs all of them. */
  @Override
  public List<double[]> states(int level) {
    throw new IllegalStateException("a resident task holds one block; the driver reads the states the stage returns");
  }

  @Override
  public double[] sumVectors(int level, BlockVector<double[]> function) {
    throw new IllegalStateException("a resident task holds one block; the driver sums over the blocks the stage returns");
  }
}
