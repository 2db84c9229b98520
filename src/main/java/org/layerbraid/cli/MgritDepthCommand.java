package org.layerbraid.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layerbraid.engine.InJvmEngine;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.MgritPropagation;
import org.layerbraid.mgrit.ConvergenceHistory;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import org.layerbraid.model.Trajectory;
import org.layerbraid.model.SerialPropagation;
import org.layerbraid.report.AtomicFiles;
import org.layerbraid.report.Charts;
import org.layerbraid.report.Progress;
import org.layerbraid.train.LocalBatchSource;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.Trainer;
import org.layerbraid.train.TrainingResult;
import org.layerbraid.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Does MGRIT's iteration count stay flat as the network deepens? Forward and adjoint solves of a
 * Peaks batch to tolerance, for a random network drawn at each depth, for a trained network
 * whose weights (a function of t) are resampled at each depth, T fixed, and for the same trained
 * network refined by zero interpolation (what nested iteration's {@code zero} hands on).
 */
@Command(name = "depth", mixinStandardHelpOptions = true,
    description = "Forward and adjoint MGRIT solves to tolerance across depths; residual histories per depth.")
final class MgritDepthCommand implements Callable<Integer>, SolverOptions.Command {
  @Option(names = "--layers", split = ",", defaultValue = "64,256,1024,4096",
      description = "depths N to solve at, comma-separated (default: ${DEFAULT-VALUE})") int[] layers;
  @Option(names = "--activations", split = ",", defaultValue = "tanh,smoothrelu",
      description = "tanh | relu | smoothrelu, comma-separated; one table block each (default: ${DEFAULT-VALUE})")
  List<String> activations;
  @Option(names = "--weights", split = ",", defaultValue = "random,trained",
      description = "random (drawn per layer at each depth), trained (a Peaks network trained at --trainLayers, resampled"
          + " with T fixed) and/or zero (the same network refined by zero interpolation: h fixed, T grows)"
          + " (default: ${DEFAULT-VALUE})")
  List<String> weights;
  @Option(names = "--width", defaultValue = "8", description = "channels of every residual layer (default: ${DEFAULT-VALUE})")
  int width;
  @Option(names = "--batch", defaultValue = "256", description = "Peaks examples propagated (default: ${DEFAULT-VALUE})")
  int batch;
  @Option(names = "--T", defaultValue = "1.0", description = "final time T at every depth (default: ${DEFAULT-VALUE})")
  double finalTime;
  @Option(names = "--trainLayers", defaultValue = "32",
      description = "depth at which the trained network is trained (default: ${DEFAULT-VALUE})") int trainLayers;
  @Option(names = "--trainSteps", defaultValue = "150",
      description = "L-BFGS steps of the trained network (default: ${DEFAULT-VALUE})") int trainSteps;
  @Option(names = "--seed", defaultValue = "1",
      description = "seed of the random weights, the Peaks batch and the training (default: ${DEFAULT-VALUE})") long seed;
  @Option(names = "--out", description = "folder for depth-scaling.md, .csv and residual PNGs") Path out;
  @Option(names = "--coarseWeights", defaultValue = "mean",
      description = "weights of a coarse step: mean (of the layers it spans) | first (the layer where it starts)"
          + " (default: ${DEFAULT-VALUE})")
  String coarseWeights;
  @Spec CommandSpec spec;

  /** The training defaults, converged. */
  @Override
  public MgritOptions solverDefaults() { return MgritOptions.DEFAULTS; }

  @Override
  public CommandSpec spec() { return spec; }

  record Row(String activation, String weights, int depth, int levels, ConvergenceHistory forward,
      ConvergenceHistory backward, double seconds) {}

  @Override
  public Integer call() throws IOException {
    MgritOptions o = solver();
    CoarseWeights coarse = CoarseWeights.parse(coarseWeights);
    Examples x = Peaks.sample(Math.max(1, batch / Peaks.CLASSES), seed).slice(0, Math.min(batch, Peaks.CLASSES * Math.max(1, batch / Peaks.CLASSES)));
    List<Row> rows = new ArrayList<>();
    System.out.println("MGRIT across depths: " + o + ", coarse weights " + coarse.configName() + ", width " + width
        + ", batch " + x.size() + ", T " + finalTime);
    for (String a : activations) {
      Activation act = Activation.parse(a);
      NetworkShape base = new NetworkShape(Peaks.DIM, width, trainLayers, Peaks.CLASSES, finalTime, act, BiasMode.SCALAR);
      double[] trained = null;
      for (String w : weights) {
        if (!List.of("random", "trained", "zero").contains(w)) {
          throw new IllegalArgumentException("--weights: unknown '" + w + "', expected random, trained or zero");
        }
        if (!w.equals("random") && trained == null) trained = train(base, x);
        Map<String, double[]> histories = new LinkedHashMap<>();
        for (int depth : layers) {
          if (w.equals("zero") && depth % trainLayers != 0) {
            throw new IllegalArgumentException("--weights zero: depth " + depth + " is not a multiple of --trainLayers "
                + trainLayers);
          }
          int factor = depth / trainLayers;
          NetworkShape shape = w.equals("zero") ? DepthRefinement.ZERO.refinedShape(base, factor)
              : base.withDepth(depth, finalTime);
          double[] theta = switch (w) {
            case "random" -> new Initialization(1, 1, 1, seed).draw(shape);
            case "trained" -> DepthRefinement.LINEAR.resample(base, trained, depth);
            default -> DepthRefinement.ZERO.refine(base, trained, factor);
          };
          Row r = solve(act.configName(), w, new ResNet(shape, theta), x, o, coarse);
          rows.add(r);
          histories.put("N=" + depth + " forward", r.forward.residualArray());
          histories.put("N=" + depth + " adjoint", r.backward.residualArray());
          System.out.printf(Locale.ROOT, "%-10s %-8s N=%-6d levels %-2d forward %2d iterations (r=%.2e)  adjoint %2d iterations (r=%.2e)  %.1fs%n",
              r.activation, r.weights, depth, r.levels, r.forward.iterations(), r.forward.lastResidual(),
              r.backward.iterations(), r.backward.lastResidual(), r.seconds);
        }
        if (out != null) {
          Files.createDirectories(out);
          Charts.residualHistories(histories, out.resolve("residuals-" + act.configName() + "-" + w + ".png"));
        }
      }
    }
    String table = table(rows, o);
    System.out.print(table);
    if (out != null) AtomicFiles.write(out.resolve("depth-scaling.md"), table.getBytes(StandardCharsets.UTF_8));
    return 0;
  }

  private static Row solve(String act, String w, ResNet net, Examples x, MgritOptions o, CoarseWeights coarse) {
    long start = System.nanoTime();
    NetworkShape s = net.shape();
    MgritPropagation mgrit = MgritPropagation.converged(o, coarse, InJvmEngine.factory(1));
    Trajectory forward = mgrit.trajectory(net, net.open(x.features(), x.size()), 0);
    double[] lambdaN = net.classify(forward.last(), x.labels(), new double[s.size()]).lambda();
    mgrit.backward(net, forward, lambdaN, null, 0);
    List<ConvergenceHistory> h = mgrit.drainHistories();
    return new Row(act, w, s.depth(), new Hierarchy(s.depth(), 0, s.finalTime(), o).numLevels(), h.get(0), h.get(1),
        (System.nanoTime() - start) * 1e-9);
  }

  /** A quick full-batch L-BFGS fit on the Peaks batch: weights that are smooth in t, as training leaves them. */
  private double[] train(NetworkShape shape, Examples x) {
    System.out.println("training a " + shape.activation().configName() + " network of " + shape.depth()
        + " layers on Peaks (" + trainSteps + " L-BFGS steps) ...");
    TrainingSettings s = new TrainingSettings(trainSteps, 0, Optimizer.Settings.defaults(Optimizer.Kind.LBFGS),
        new Regularization(1e-7, 1e-5, 1e-7, false), 1.0, false, 2, trainSteps, seed, TrainingSettings.Gradients.DRIVER);
    Trainer trainer = new Trainer(new LocalBatchSource(List.of(x)), null, new SerialPropagation(),
        Progress.forMode("quiet", System.out));
    TrainingResult r = trainer.train(shape, new Initialization(1, 1, 1, seed).draw(shape), s, 0, 0);
    System.out.printf(Locale.ROOT, "  trained: accuracy %.1f%% on its batch%n", 100 * r.history().get(r.history().size() - 1).trainAccuracy());
    return r.theta();
  }

  private static String table(List<Row> rows, MgritOptions o) {
    StringBuilder s = new StringBuilder();
    s.append("\n| activation | weights | layers | levels | forward iterations | adjoint iterations | forward ‖r‖ | adjoint ‖r‖ | seconds |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %.2e | %.2e | %.1f |%n", r.activation, r.weights,
          r.depth, r.levels, r.forward.iterations(), r.backward.iterations(), r.forward.lastResidual(),
          r.backward.lastResidual(), r.seconds));
    }
    s.append("\nSolver: ").append(o).append('\n');
    return s.toString();
  }
}
