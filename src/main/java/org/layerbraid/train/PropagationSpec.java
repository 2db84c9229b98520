package org.layerbraid.train;

import java.util.Arrays;
import java.util.Locale;
import org.layerbraid.engine.MgritPropagation;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.SerialPropagation;

/**
 * How the residual layers are solved during training: serially, or by MGRIT — converged to
 * tolerance, or one-shot with a fixed number of cycles per solve (warm-started under full batch).
 */
public record PropagationSpec(Kind kind, boolean oneShot, MgritOptions options, int forwardIterations,
    int backwardIterations, int blocksPerLevel) {

  public enum Kind {
    SERIAL, MGRIT;

    public static Kind parse(String s) {
      for (Kind k : values()) if (k.name().equalsIgnoreCase(s.strip())) return k;
      throw new IllegalArgumentException("unknown propagation '" + s + "', expected one of "
          + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  public PropagationSpec {
    if (kind == Kind.MGRIT && options == null) throw new IllegalArgumentException("MGRIT propagation needs MGRIT options");
    if (forwardIterations < 1 || backwardIterations < 1) {
      throw new IllegalArgumentException("one-shot iterations must be >= 1, got forward " + forwardIterations
          + ", backward " + backwardIterations);
    }
    if (blocksPerLevel < 1) throw new IllegalArgumentException("blocks per level must be >= 1, got " + blocksPerLevel);
  }

  public static PropagationSpec serial() {
    return new PropagationSpec(Kind.SERIAL, false, null, 1, 1, 1);
  }

  /** A fresh propagation (warm starts empty); warm starts only under full batch, where they mean something. */
  public LayerPropagation create(boolean fullBatch) {
    if (kind == Kind.SERIAL) return new SerialPropagation();
    MgritPropagation.EngineFactory engines = MgritPropagation.EngineFactory.inJvm(blocksPerLevel);
    return oneShot
        ? MgritPropagation.oneShot(options, forwardIterations, backwardIterations, fullBatch, engines)
        : MgritPropagation.converged(options, engines);
  }

  public String describe() {
    if (kind == Kind.SERIAL) return "serial";
    return oneShot ? "mgrit one-shot (" + forwardIterations + " forward, " + backwardIterations + " backward cycles)"
        : "mgrit converged (" + options + ")";
  }
}
