package org.layerbraid.train;

import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Choices;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.resnet.WholeSteps;

/**
 * How the residual layers are solved during training: serially, or by MGRIT — converged to
 * tolerance, or one-shot with a fixed number of cycles per solve (warm-started under full batch).
 */
public record PropagationSpec(Kind kind, boolean oneShot, MgritOptions options, CoarseWeights coarseWeights,
    int forwardIterations, int backwardIterations, EngineKind engine, int layerPartitions, int dataShards, StallPolicy stall) {

  /**
   * Where MGRIT's time points live: in this JVM; on Spark in long-running tasks, a barrier stage per
   * training step or solve, which go on the stage engine where the tasks do not all have a slot
   * (the faster engine, by `bench step`); or on Spark in partitions with a stage per sweep (the
   * reference).
   */
  public enum EngineKind {
    JVM, SPARK, STAGES;

    public static EngineKind parse(String s) {
      // What the resident engine was called before it became what spark means.
      if (s.strip().equalsIgnoreCase("resident")) return SPARK;
      return Choices.parse(values(), s, "engine");
    }
  }

  public enum Kind {
    SERIAL, MGRIT;

    public static Kind parse(String s) {
      return Choices.parse(values(), s, "propagation");
    }
  }

  /** mgrit.mode: true for oneshot (fixed cycles per solve), false for converged (solve to tolerance). */
  public static boolean parseOneShot(String mode) {
    String m = mode.strip().toLowerCase(java.util.Locale.ROOT);
    if (!m.equals("oneshot") && !m.equals("converged")) {
      throw new IllegalArgumentException("must be oneshot or converged, got '" + mode + "'");
    }
    return m.equals("oneshot");
  }

  public PropagationSpec {
    if (kind == Kind.MGRIT && (options == null || coarseWeights == null)) {
      throw new IllegalArgumentException("MGRIT propagation needs MGRIT options and coarse weights");
    }
    if (forwardIterations < 1 || backwardIterations < 1) {
      throw new IllegalArgumentException("one-shot iterations must be >= 1, got forward " + forwardIterations
          + ", backward " + backwardIterations);
    }
    if (layerPartitions < 1) throw new IllegalArgumentException("layer partitions must be >= 1, got " + layerPartitions);
    if (dataShards < 1) throw new IllegalArgumentException("data shards must be >= 1, got " + dataShards);
    if (engine == null) throw new IllegalArgumentException("an engine is required");
    if (stall == null) throw new IllegalArgumentException("a stall policy is required (StallPolicy.NONE for none)");
    if (stall.enabled() && (kind != Kind.MGRIT || !oneShot)) {
      throw new IllegalArgumentException("a stall policy (" + stall.action().id() + ") needs one-shot MGRIT; serial and"
          + " converged solves are exact already");
    }
  }

  public static PropagationSpec serial() {
    return new PropagationSpec(Kind.SERIAL, false, null, null, 1, 1, EngineKind.JVM, 1, 1, StallPolicy.NONE);
  }

  /** The same one-shot propagation with other cycle counts per solve and stall policy. */
  public PropagationSpec withIterations(int forward, int backward, StallPolicy stallPolicy) {
    return new PropagationSpec(kind, true, options, coarseWeights, forward, backward, engine, layerPartitions, dataShards,
        stallPolicy);
  }

  /**
   * A fresh propagation (warm starts empty); warm starts only under full batch, where they mean
   * something. A failed MGRIT solve stops the training it serves. MGRIT's solves run on engines from {@code engines}, which must put the time points
   * where {@link #engine()} says (the caller knows whether, and which, Spark context there is).
   */
  public LayerPropagation create(boolean fullBatch, EngineFactory<double[]> engines) {
    return create(fullBatch, engines, null);
  }

  /** {@link #create}, running each cold-started training step whole on {@code steps} (null: solve by solve). */
  public LayerPropagation create(boolean fullBatch, EngineFactory<double[]> engines, WholeSteps steps) {
    if (kind == Kind.SERIAL) return new SerialPropagation();
    MgritPropagation mgrit = oneShot
        ? MgritPropagation.oneShot(options, forwardIterations, backwardIterations, fullBatch, coarseWeights, engines)
        : MgritPropagation.converged(options, coarseWeights, engines);
    return (steps == null ? mgrit : mgrit.withWholeSteps(steps)).stoppingOnFailure();
  }

  public String describe() {
    if (kind == Kind.SERIAL) return "serial";
    String where = engine == EngineKind.JVM ? "in-JVM engine, " + layerPartitions + " blocks"
        : (engine == EngineKind.STAGES ? "Spark stage engine, " : "resident Spark engine, ") + layerPartitions
            + " layer partitions x " + dataShards + " data shards";
    return (oneShot ? "mgrit one-shot (" + forwardIterations + " forward, " + backwardIterations + " backward cycles"
        : "mgrit converged (" + options) + "; " + where + (stall.enabled() ? "; " + stall : "") + ")";
  }
}
