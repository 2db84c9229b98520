package org.layerbraid.train;

import java.util.Locale;
import org.layerbraid.model.Choices;

/**
 * One optimisation step on a batch objective. Implementations keep their state (moments, curvature
 * pairs) between steps; nested iteration starts a fresh optimiser per level.
 */
public interface Optimizer {

  /** Updates theta in place and returns the evaluation at the point the step started from. */
  Objective.Evaluation step(double[] theta, Objective objective);

  /** Multiplies the learning rate (no-op for line-search methods, which choose their own step). */
  void scaleLearningRate(double factor);

  /** What a checkpoint keeps of the optimiser: with it, the next steps are those it would have taken. */
  State state();

  /**
   * Continues from the {@link #state} of an optimiser made from the same settings. {@code fixed} is
   * the objective the trainer reuses for every step (full batch), or null: L-BFGS reuses the value
   * it last accepted for it, as it would have without the interruption.
   */
  void restore(State state, Objective fixed);

  /**
   * An optimiser's state as numbers: its scalars, and vectors of the parameters' length. Each
   * optimiser defines the layout; a state only ever goes back to the kind that made it.
   */
  record State(double[] scalars, double[][] vectors) implements java.io.Serializable {
    /** The scalar at {@code i}, refusing a state too short for the optimiser reading it. */
    double scalar(int i) {
      if (i >= scalars.length) throw new IllegalArgumentException("optimiser state has " + scalars.length + " numbers, expected more");
      return scalars[i];
    }

    /** The scalar at {@code i} as a count of at most {@code max}. */
    int count(int i, int max) {
      double v = scalar(i);
      if (!(v >= 0 && v <= max && v == Math.rint(v))) {
        throw new IllegalArgumentException("optimiser state: " + v + " is not a count of at most " + max);
      }
      return (int) v;
    }

    /**
     * The state of parameters from … to − 1 alone: for an optimiser that steps element by element
     * ({@link Kind#elementwise}), stepping that slice with it takes the same steps there.
     */
    State slice(int from, int to) {
      double[][] parts = new double[vectors.length][];
      for (int i = 0; i < parts.length; i++) parts[i] = java.util.Arrays.copyOfRange(vectors[i], from, to);
      return new State(scalars.clone(), parts);
    }

    /** The states of consecutive slices, in order, made one again (the scalars are alike in all). */
    static State joined(java.util.List<State> slices) {
      State first = slices.get(0);
      double[][] whole = new double[first.vectors.length][];
      for (int i = 0; i < whole.length; i++) {
        int length = 0;
        for (State s : slices) length += s.vectors[i].length;
        whole[i] = new double[length];
        int at = 0;
        for (State s : slices) {
          System.arraycopy(s.vectors[i], 0, whole[i], at, s.vectors[i].length);
          at += s.vectors[i].length;
        }
      }
      return new State(first.scalars.clone(), whole);
    }

    /** The vectors, which must number {@code n}. */
    double[][] vectors(int n) {
      if (vectors.length != n) {
        throw new IllegalArgumentException("optimiser state has " + vectors.length + " vectors, expected " + n);
      }
      return vectors;
    }
  }

  enum Kind {
    SGD("gd"), ADAM("adam"), LBFGS("l-bfgs");

    /** How MLlib's MultilayerPerceptronClassifier spells this solver; accepted beside the name. */
    private final String mllibName;

    Kind(String mllibName) {
      this.mllibName = mllibName;
    }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    /** Whether a step updates each parameter from its own gradient and state alone (no dot products, no line search). */
    public boolean elementwise() { return this != LBFGS; }

    public static Kind parse(String s) {
      for (Kind k : values()) if (k.mllibName.equalsIgnoreCase(s.strip())) return k;
      try {
        return Choices.parse(values(), s, "optimizer");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ", or as MLlib spells them: adam, l-bfgs, gd", e);
      }
    }
  }

  /** Settings of all three optimisers; each reads the ones it needs. */
  record Settings(Kind kind, double learningRate, double momentum, double beta1, double beta2,
      double epsilon, int lbfgsMemory, int lineSearchMaxSteps) implements java.io.Serializable {

    public Settings {
      if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
      if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (lbfgsMemory < 1) throw new IllegalArgumentException("lbfgs memory must be >= 1, got " + lbfgsMemory);
      if (lineSearchMaxSteps < 1) throw new IllegalArgumentException("line search steps must be >= 1, got " + lineSearchMaxSteps);
    }

    public static Settings defaults(Kind kind) {
      return new Settings(kind, kind == Kind.SGD ? 0.1 : 1e-2, 0.9, 0.9, 0.999, 1e-8, 10, 20);
    }

    /** A new optimiser with fresh state. */
    public Optimizer create() {
      return switch (kind) {
        case SGD -> new MomentumSgd(learningRate, momentum);
        case ADAM -> new Adam(learningRate, beta1, beta2, epsilon);
        case LBFGS -> new Lbfgs(lbfgsMemory, lineSearchMaxSteps);
      };
    }
  }
}
