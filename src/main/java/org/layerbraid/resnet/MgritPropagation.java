package org.layerbraid.resnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Engine;
import org.layerbraid.mgrit.EngineFactory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Mgrit;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.DivergenceException;
import org.layerbraid.model.LayerPropagation;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.SolveCounts;
import org.layerbraid.model.Trajectory;
import org.layerbraid.model.WarmStarts;

/**
 * Forward and backward propagation through the residual layers as two MGRIT solves: the forward
 * chain, then the adjoint chain in reversed time linearised about the forward states; the weight
 * gradients come from one fine-grid sweep over the converged (or last) adjoints.
 *
 * <p>Converged mode solves to tolerance (the gradient is the exact one); one-shot mode runs a fixed
 * number of cycles from the previous step's states (warm start, per shard of examples), as the
 * method's authors train. Warm starts are only meaningful when a shard sees the same examples every
 * step (full batch); otherwise every solve starts from u_0 (λ_N) copied to all points.
 */
public final class MgritPropagation implements LayerPropagation {
  private static final long serialVersionUID = 1L;

  private final MgritOptions forwardOptions;
  private final MgritOptions backwardOptions;
  private final boolean warmStart;
  private final CoarseWeights coarse;
  private final EngineFactory<double[]> engines;
  private final boolean stopOnFailure;
  private final WholeSteps whole;
  private transient Map<Integer, double[][]> lastForward;
  private transient Map<Integer, double[][]> lastBackward;
  private transient Counter counter;
  private transient List<ConvergenceHistory> histories;

  public MgritPropagation(MgritOptions forwardOptions, MgritOptions backwardOptions, boolean warmStart,
      CoarseWeights coarse, EngineFactory<double[]> engines) {
    this(forwardOptions, backwardOptions, warmStart, coarse, engines, false, null);
  }

  private MgritPropagation(MgritOptions forwardOptions, MgritOptions backwardOptions, boolean warmStart,
      CoarseWeights coarse, EngineFactory<double[]> engines, boolean stopOnFailure, WholeSteps whole) {
    this.forwardOptions = forwardOptions;
    this.backwardOptions = backwardOptions;
    this.warmStart = warmStart;
    this.coarse = coarse;
    this.engines = engines;
    this.stopOnFailure = stopOnFailure;
    this.whole = whole;
  }

  /**
   * The same propagation for training, where a failed solve must stop the run rather than hand on
   * a wrong gradient: a NaN or infinite residual in any mode, and in converged mode a solve that
   * misses its tolerance after maxIter cycles, throw a {@link DivergenceException}. Studies of
   * convergence keep the plain one, which reports such solves instead.
   */
  public MgritPropagation stoppingOnFailure() {
    return new MgritPropagation(forwardOptions, backwardOptions, warmStart, coarse, engines, true, whole);
  }

  /**
   * The same propagation, running each training step whole on {@code steps} where it can: every
   * gradient evaluation without warm starts (a warm start is the last step's states, which this way
   * never reach the driver). Forward-only solves and warm-started steps still go solve by solve
   * through the engines.
   */
  public MgritPropagation withWholeSteps(WholeSteps steps) {
    return new MgritPropagation(forwardOptions, backwardOptions, warmStart, coarse, engines, stopOnFailure, steps);
  }

  /** Solves to the given tolerance every time: the gradient is the serial one. */
  public static MgritPropagation converged(MgritOptions options, CoarseWeights coarse, EngineFactory<double[]> engines) {
    return new MgritPropagation(options, options, false, coarse, engines);
  }

  /** A fixed number of cycles per solve, warm-started: the authors' inexact one-shot training. */
  public static MgritPropagation oneShot(MgritOptions options, int forwardIterations, int backwardIterations,
      boolean warmStart, CoarseWeights coarse, EngineFactory<double[]> engines) {
    MgritOptions f = options.withTolerance(0, 0).withMaxIter(forwardIterations);
    MgritOptions b = options.withTolerance(0, 0).withMaxIter(backwardIterations);
    return new MgritPropagation(f, b, warmStart, coarse, engines);
  }

  @Override
  public double[][] forward(ResNet net, double[] u0, int shard) {
    NetworkShape s = net.shape();
    double[][] guess = warmStart ? warm().lastForward.get(shard) : null;
    List<double[]> init = initialGuess(u0, guess, s.depth());
    Solved solved = solve("forward", new ResNetForwardStepper(net, coarse), s, init, null, forwardOptions, guess != null,
        false);
    if (warmStart) lastForward.put(shard, solved.states);
    counter().forward(solved.history);
    return solved.states;
  }

  @Override
  public double[] backward(ResNet net, Trajectory forward, double[] lambdaN, double[] grad, int shard) {
    NetworkShape s = net.shape();
    double[][] guess = warmStart ? warm().lastBackward.get(shard) : null;
    List<double[]> init = initialGuess(lambdaN, guess, s.depth());
    Solved solved = solve("backward (adjoint)", new ResNetAdjointStepper(net, coarse), s, init,
        ResNetAdjointStepper.auxFor(forward.states()),
        backwardOptions, guess != null, grad != null);
    double[][] adjoints = solved.states; // adjoints[i] = λ at layer N − i
    if (warmStart) lastBackward.put(shard, adjoints);
    counter().backward(solved.history);
    if (grad != null) {
      for (int i = 0; i < grad.length; i++) grad[i] += solved.gradient[i];
      counter().steps += s.depth();
    }
    return adjoints[s.depth()];
  }

  @Override
  public WholeStep wholeStep(ResNet net, double[] u0, int[] labels, double[] grad, int shard) {
    WholeSteps.Problem problem = wholeProblem(net, coarse.over(net));
    if (problem == null) return null;
    WholeSteps.Result r = whole.run(problem, u0, labels);
    if (r == null) return null;
    countWholeStep(r.forward(), r.backward(), net.shape());
    for (int i = 0; i < grad.length; i++) grad[i] += r.grad()[i];
    return new WholeStep(r.lossSum(), r.correct(), r.count(), r.lambda0());
  }

  /**
   * Whether every solve runs a fixed number of cycles (one-shot): then the columns of a batch are
   * solved independently of each other, and a batch solved whole or in chunks gives the same numbers
   * to rounding; a solve to tolerance stops on the whole batch's residual.
   */
  public boolean fixedCycles() {
    return forwardOptions.absTol() == 0 && forwardOptions.relTol() == 0 && backwardOptions.absTol() == 0
        && backwardOptions.relTol() == 0;
  }

  /** Where steps run whole, or null. */
  public WholeSteps wholeSteps() { return whole; }

  /** How a coarse step takes its weights from the fine layers it spans. */
  public CoarseWeights coarseWeights() { return coarse; }

  /**
   * The problem of a whole step for {@code net}, its steps taking their weights from {@code spans};
   * null where steps do not run whole (no {@link #withWholeSteps}, or warm starts).
   */
  public WholeSteps.Problem wholeProblem(ResNet net, LayerSpans spans) {
    if (whole == null || warmStart) return null;
    NetworkShape s = net.shape();
    return WholeSteps.Problem.of(net, spans, hierarchy(s, forwardOptions), forwardOptions, hierarchy(s, backwardOptions),
        backwardOptions);
  }

  /** Counts a step that ran whole (here or in tasks) as a forward and an adjoint solve and the gradient sweep. */
  public void countWholeStep(ConvergenceHistory forward, ConvergenceHistory backward, NetworkShape s) {
    record("forward", forward, forwardOptions, s);
    counter().forward(forward);
    record("backward (adjoint)", backward, backwardOptions, s);
    counter().backward(backward);
    counter().steps += s.depth();
  }

  private static Hierarchy hierarchy(NetworkShape s, MgritOptions o) {
    return new Hierarchy(s.depth(), 0, s.finalTime(), o);
  }

  /** Keeps a solve's history for {@link #drainHistories}, after stopping the run on a failed training solve. */
  private void record(String which, ConvergenceHistory h, MgritOptions o, NetworkShape s) {
    if (stopOnFailure) check(h, o, which, s);
    if (histories == null) histories = new ArrayList<>();
    histories.add(h);
  }

  private record Solved(ConvergenceHistory history, double[][] states, double[] gradient) {}

  private Solved solve(String which, org.layerbraid.mgrit.TimeStepper<double[]> stepper, NetworkShape s,
      List<double[]> init, List<double[]> aux, MgritOptions options, boolean warm, boolean gradient) {
    // A warm start carries information: relaxing it on the first cycle is worth the work.
    MgritOptions o = warm ? options.withSkip(false) : options;
    Hierarchy hierarchy = hierarchy(s, o);
    try (Engine<double[]> engine = engines.create(hierarchy, stepper)) {
      engine.initialize(init, aux);
      ConvergenceHistory h = engine.solve(new Mgrit<>(hierarchy, o));
      record(which, h, o, s);
      // The gradient sweep runs where the converged adjoints live, before the engine lets them go.
      double[] g = gradient ? engine.sumVectors(0, AdjointGradient::ofBlock) : null;
      return new Solved(h, engine.states(0).toArray(new double[0][]), g);
    }
  }

  private static void check(ConvergenceHistory h, MgritOptions o, String solve, NetworkShape s) {
    // With skip, the first cycle computes no residual and records NaN for "not available".
    int k = h.firstNonFinite(o.skip());
    if (k >= 0) {
      throw new DivergenceException("MGRIT " + solve + " solve through " + s.depth() + " layers blew up: residual "
          + h.residuals().get(k) + " at cycle " + (k + 1) + "; lower train.learningRate or model.T, or use propagation=serial");
    }
    boolean toTolerance = o.absTol() > 0 || o.relTol() > 0;
    if (toTolerance && !h.converged()) {
      throw new DivergenceException(String.format(java.util.Locale.ROOT, "MGRIT %s solve through %d layers did not converge:"
          + " residual %.3g after mgrit.maxIter = %d cycles, tolerance mgrit.absTol = %.3g, mgrit.relTol = %.3g; raise"
          + " mgrit.maxIter, add levels (mgrit.maxLevels) or relax the tolerance", solve, s.depth(), h.lastResidual(),
          o.maxIter(), o.absTol(), o.relTol()));
    }
  }

  /** The warm start with its first point replaced by the new initial condition, or that condition everywhere. */
  private static List<double[]> initialGuess(double[] first, double[][] previous, int depth) {
    List<double[]> init = new ArrayList<>(depth + 1);
    init.add(first);
    boolean usable = previous != null && previous.length == depth + 1 && previous[0].length == first.length;
    for (int i = 1; i <= depth; i++) init.add(usable ? previous[i] : first);
    return init;
  }

  private MgritPropagation warm() {
    if (lastForward == null) {
      lastForward = new HashMap<>();
      lastBackward = new HashMap<>();
    }
    return this;
  }

  private Counter counter() {
    if (counter == null) counter = new Counter();
    return counter;
  }

  /** The convergence histories of the solves since the last call (forward and backward interleaved). */
  public List<ConvergenceHistory> drainHistories() {
    List<ConvergenceHistory> out = histories == null ? List.of() : histories;
    histories = null;
    return out;
  }

  @Override
  public SolveCounts drainCounts() {
    Counter c = counter();
    SolveCounts out = new SolveCounts(c.forwardSolves, c.forwardIterations, c.backwardSolves, c.backwardIterations,
        c.lastForward, c.lastBackward, c.steps);
    counter = null;
    histories = null;
    return out;
  }

  @Override
  public boolean keepsShardState() { return warmStart; }

  @Override
  public WarmStarts warmStarts() {
    return warmStart && lastForward != null ? new WarmStarts(lastForward, lastBackward) : WarmStarts.NONE;
  }

  @Override
  public void startFrom(WarmStarts starts) {
    if (!warmStart) return;
    warm().lastForward.putAll(starts.forward());
    lastBackward.putAll(starts.backward());
  }

  @Override
  public String toString() {
    return "MGRIT forward[" + forwardOptions + "] backward[" + backwardOptions + "] warmStart=" + warmStart
        + " coarseWeights=" + coarse.configName();
  }

  private static final class Counter {
    int forwardSolves, forwardIterations, backwardSolves, backwardIterations;
    double lastForward = Double.NaN, lastBackward = Double.NaN, steps;

    void forward(ConvergenceHistory h) {
      forwardSolves++;
      forwardIterations += h.iterations();
      lastForward = h.lastResidual();
      steps += h.steps();
    }

    void backward(ConvergenceHistory h) {
      backwardSolves++;
      backwardIterations += h.iterations();
      lastBackward = h.lastResidual();
      steps += h.steps();
    }
  }
}
