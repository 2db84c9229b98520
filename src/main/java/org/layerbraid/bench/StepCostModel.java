package org.layerbraid.bench;

import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;

/**
 * Predicted wall time of one one-shot training step through the residual layers: a forward MGRIT
 * solve of {@code forwardIterations} cycles, an adjoint solve of {@code backwardIterations} cycles
 * and the weight gradient summed over the fine adjoint blocks, as {@code MgritPropagation} runs them.
 *
 * <p>Compute comes from the cycle's work per level ({@link EngineCostModel#stepsOfSolve}) priced at
 * the measured seconds of one forward step, one adjoint step and one layer's gradient at the full
 * width and batch on one thread. With D data shards every task steps batch / D columns, so a step
 * costs 1/D; with fewer cores than tasks the work cannot finish faster than total / cores, and
 * {@code sharedCoreSlowdown} (≥ 1, from two threads of plain compute on the same machine) prices
 * what busy neighbours cost a core. What an engine adds beyond compute is its
 * {@link Coordination}: a latency per MGRIT iteration that grows with the number of tasks, and a
 * fixed cost per step (task launch, states and the forward trajectory through the driver, the
 * gradient's job).
 *
 * <p>Serial propagation, the reference, takes depth · {@code serialLayer} on one core: its own
 * measured cost of a layer, which is less than forward + adjoint + gradient, since its forward
 * step keeps σ' for the adjoint and its adjoint step makes the weight gradient from the same
 * product (MGRIT's steppers cannot: they step coarse levels too, and the gradient comes after).
 */
public record StepCostModel(double forwardStep, double adjointStep, double gradientStep, double serialLayer,
    MgritOptions options, int forwardIterations, int backwardIterations) {

  public StepCostModel {
    if (!(forwardStep > 0) || !(adjointStep > 0) || !(gradientStep >= 0) || !(serialLayer > 0)) {
      throw new IllegalArgumentException("step costs must be positive, got forward " + forwardStep + ", adjoint "
          + adjointStep + ", gradient " + gradientStep + ", serial layer " + serialLayer);
    }
    if (forwardIterations < 1 || backwardIterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + forwardIterations + ", " + backwardIterations);
    }
  }

  /**
   * What an engine costs beyond compute: {@code iterationSeconds + iterationSecondsPerTask · tasks}
   * per MGRIT iteration, and {@code stepSeconds + stepSecondsPerLayer · depth} once per training
   * step (the states through the driver grow with the depth).
   */
  public record Coordination(double iterationSeconds, double iterationSecondsPerTask, double stepSeconds,
      double stepSecondsPerLayer) {
    /** An engine in this JVM: nothing beyond compute. */
    public static final Coordination NONE = new Coordination(0, 0, 0, 0);

    /** Never below zero: a latency fitted to noisy points can extrapolate there. */
    public double perIteration(int tasks) { return Math.max(0, iterationSeconds + iterationSecondsPerTask * tasks); }

    public double perStep(int depth) { return Math.max(0, stepSeconds + stepSecondsPerLayer * depth); }

    /** The same engine with nothing paid once per step (states kept where they are computed). */
    public Coordination withoutStepCost() { return new Coordination(iterationSeconds, iterationSecondsPerTask, 0, 0); }
  }

  /** Where a step runs: layer partitions × data shards as tasks on {@code cores} cores. */
  public record Placement(int layerPartitions, int dataShards, int cores, double sharedCoreSlowdown) {
    public Placement {
      if (layerPartitions < 1 || dataShards < 1 || cores < 1 || !(sharedCoreSlowdown >= 1)) {
        throw new IllegalArgumentException("need layer partitions, data shards, cores >= 1 and a slowdown >= 1");
      }
    }

    /** P executors of their own, one data shard: the model's predictions for a cluster. */
    public static Placement executors(int p) { return new Placement(p, 1, p, 1); }

    int tasks() { return layerPartitions * dataShards; }

    /** Seconds of work whose parallel part takes {@code steps[0]} and whole part {@code steps[1]} layer steps of cost s. */
    double seconds(double[] steps, double s) {
      double parallel = steps[0] * s / dataShards, bound = steps[1] * s / cores;
      return Math.max(parallel, bound) * (Math.min(tasks(), cores) > 1 ? sharedCoreSlowdown : 1);
    }
  }

  public Hierarchy hierarchy(int depth) { return new Hierarchy(depth, 0, 1, options); }

  /** Serial propagation: depth layers forward (keeping σ') and back (adjoint and gradient in one pass). */
  public double serialSeconds(int depth) { return depth * serialLayer; }

  /** Compute seconds of a step: both solves and the gradient, at this placement. */
  public double computeSeconds(int depth, Placement at) {
    Hierarchy h = hierarchy(depth);
    double[] forward = EngineCostModel.stepsOfSolve(h, options::nrelax, options.skip(), forwardIterations,
        at.layerPartitions());
    double[] adjoint = EngineCostModel.stepsOfSolve(h, options::nrelax, options.skip(), backwardIterations,
        at.layerPartitions());
    // The gradient is one fine sweep over every block: depth layers spread over the layer partitions.
    double[] gradient = {(double) depth / Math.min(at.layerPartitions(), depth), depth};
    return at.seconds(forward, forwardStep) + at.seconds(adjoint, adjointStep) + at.seconds(gradient, gradientStep);
  }

  /** MGRIT iterations of a step (each pays the engine's latency once); a one-level hierarchy counts none. */
  public int iterations(int depth) {
    return hierarchy(depth).numLevels() == 1 ? 0 : forwardIterations + backwardIterations;
  }

  /** Predicted seconds of one training step. */
  public double stepSeconds(int depth, Placement at, Coordination engine) {
    return computeSeconds(depth, at) + iterations(depth) * engine.perIteration(at.tasks()) + engine.perStep(depth);
  }

  /** Serial propagation's time over the step's on P executors of their own. */
  public double speedup(int depth, int executors, Coordination engine) {
    return serialSeconds(depth) / stepSeconds(depth, Placement.executors(executors), engine);
  }

  /** The same model with other solver settings or cycle counts (what would reach a target). */
  public StepCostModel with(MgritOptions other, int forward, int backward) {
    return new StepCostModel(forwardStep, adjointStep, gradientStep, serialLayer, other, forward, backward);
  }
}
