package org.layerbraid.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.layerbraid.mgrit.Hierarchy;
import org.layerbraid.mgrit.Layout;
import org.layerbraid.mgrit.Level;
import org.layerbraid.model.Mat;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.ResNet;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.resnet.LayerSpans;
import org.layerbraid.resnet.WholeSteps;

/**
 * The parameters of a network cut among the tasks of {@link ResidentSteps}' whole steps (one data
 * shard), so that each task keeps its own part between steps and no step ships the weights: task b
 * owns the layers of forward block b, task 0 the opening layer too and the last task the classifier,
 * a contiguous slice of θ ({@link #from}, {@link #to}).
 *
 * <p>A task's steps also touch layers it does not own: the fine steps at its blocks' edges (the
 * adjoint blocks sit one layer off the forward ones), the penalty on the weights' time derivative,
 * and on coarse levels steps whose weights are the mean of many fine layers, on levels where blocks
 * merge of layers across many tasks. Before every step {@link #refresh} brings exactly these: the
 * layers themselves, and for each mean the owners' partial sums, which the task adds in owner order
 * (one owner: the mean the driver would form, bit for bit; several: the same sum grouped otherwise,
 * equal to rounding). What each task needs follows from the cut alone, so every task knows what to
 * send to whom without asking.
 */
public final class ResidentWeights implements LayerSpans {
  private static final long serialVersionUID = 1L;
  private final NetworkShape shape;
  private final CoarseWeights coarse;
  private final int self;
  private final int[] layerStarts;
  private final double[] theta;
  private final ResNet net;
  /** Per task q: what q needs (layers, mean spans) and which layers q's adjoint block makes the gradient of. */
  private final List<Needs> needs = new ArrayList<>();
  private final Map<Long, ResNet.Layer> means = new HashMap<>();
  private final BitSet current = new BitSet();

  /** What a task's steps read beyond its own layers, and the layers whose gradient its adjoint block makes. */
  private record Needs(TreeSet<Integer> layers, TreeSet<Long> spans, List<Integer> gradients) {}

  /**
   * Task {@code self}'s part of a step's problem on the forward and adjoint hierarchies cut into
   * {@code layerBlocks} blocks (the same number for both: {@link ResidentSteps} checks); {@code theta}
   * is the whole parameter vector, whose slice this task owns it keeps current from now on (the
   * array is used in place).
   */
  public ResidentWeights(WholeSteps.Problem problem, CoarseWeights coarse, int layerBlocks, int self, double[] theta) {
    this.shape = problem.net().shape();
    this.coarse = coarse;
    this.self = self;
    this.theta = theta;
    this.net = new ResNet(shape, theta);
    this.layerStarts = Layout.starts(problem.forward().level(0), layerBlocks);
    int blocks = layerStarts.length;
    for (int t = 0; t < blocks; t++) needs.add(needsOf(t, problem.forward(), problem.backward(), layerBlocks, blocks));
  }

  /** The tasks (layer blocks) the parameters are cut among. */
  public int tasks() { return layerStarts.length; }

  /** The network this task steps with: its own layers current, the others' as {@link #refresh} last brought them. */
  public ResNet net() { return net; }

  /** First parameter task t owns. */
  public int from(int t) { return t == 0 ? 0 : shape.layerWeights(layerStarts[t]); }

  /** One past the last parameter task t owns. */
  public int to(int t) { return t + 1 == tasks() ? shape.size() : shape.layerWeights(layerStarts[t + 1]); }

  /** The hidden layers task t owns: lo … hi − 1. */
  public int[] layers(int t) {
    return new int[] {layerStarts[t], t + 1 == tasks() ? shape.depth() : layerStarts[t + 1]};
  }

  private int owner(int layer) { return Layout.blockOf(layerStarts, layer); }

  private static long key(int first, int count) { return ((long) first << 32) | count; }

  private Needs needsOf(int t, Hierarchy forward, Hierarchy backward, int layerBlocks, int blocks) {
    TreeSet<Integer> layers = new TreeSet<>();
    TreeSet<Long> spans = new TreeSet<>();
    int depth = shape.depth();
    // Every step task t may take: into, within and out of its block, on every level, of both solves.
    for (int pass = 0; pass < 2; pass++) {
      Hierarchy h = pass == 0 ? forward : backward;
      int block = pass == 0 ? t : blocks - 1 - t;
      for (Level level : h.levels()) {
        int[] starts = Layout.starts(level, layerBlocks);
        if (block >= starts.length) continue;
        int end = Layout.end(level, starts, block);
        for (int i = Math.max(0, starts[block] - 1); i < Math.min(end, level.numPoints() - 1); i++) {
          int from = level.fineIndex(i), count = level.fineIndex(i + 1) - from;
          int first = pass == 0 ? from : depth - from - count;
          if (coarse.averages(count)) spans.add(key(first, count));
          else layers.add(first);
        }
      }
    }
    int[] own = layers(t);
    if (own[0] < own[1]) { // the time-derivative penalty's neighbours
      if (own[0] > 0) layers.add(own[0] - 1);
      if (own[1] < depth) layers.add(own[1]);
    }
    // The adjoint block's points i hold λ_{n+1} and u_n of layer n = N − i − 1, whose gradient they make.
    Level adjoint = backward.level(0);
    int[] starts = Layout.starts(adjoint, layerBlocks);
    int a = blocks - 1 - t, end = Layout.end(adjoint, starts, a);
    List<Integer> gradients = new ArrayList<>();
    for (int i = starts[a]; i < Math.min(end, depth); i++) gradients.add(depth - i - 1);
    layers.removeIf(n -> owner(n) == t);
    return new Needs(layers, spans, gradients);
  }

  /** Σ_{n in first … first + count − 1 owned by q} K_n / count: q's part of a mean, as {@link ResNet#meanOfLayers} adds it. */
  private double[] partialMean(int q, int first, int count) {
    int[] own = layers(q);
    double[] part = new double[shape.layerLength()];
    net.addLayers(Math.max(first, own[0]), Math.min(first + count, own[1]), 1.0 / count, part);
    return part;
  }

  private boolean overlaps(int q, long span) {
    int first = (int) (span >>> 32), count = (int) span;
    int[] own = layers(q);
    return first < own[1] && first + count > own[0];
  }

  /**
   * Brings this task what its next step reads of the other tasks' weights, and sends them what they
   * read of its own; call it in every task before every step, after the task's own slice changed.
   */
  public void refresh(TaskLinks links) {
    int len = shape.layerLength();
    for (int t = 0; t < tasks(); t++) {
      if (t == self) continue;
      List<double[]> out = new ArrayList<>();
      for (int n : needs.get(t).layers()) {
        if (owner(n) == self) out.add(layerOf(theta, n));
      }
      for (long span : needs.get(t).spans()) if (overlaps(self, span)) out.add(partialMean(self, (int) (span >>> 32), (int) span));
      if (!out.isEmpty()) links.send(t, TaskLinks.encode(concat(out, len)));
    }
    Needs mine = needs.get(self);
    Map<Long, double[]> sums = new HashMap<>();
    current.clear();
    int[] own = layers(self);
    current.set(own[0], own[1]);
    for (int q = 0; q < tasks(); q++) {
      int from = q;
      long pieces = mine.layers().stream().filter(n -> owner(n) == from).count()
          + mine.spans().stream().filter(s -> overlaps(from, s)).count();
      double[] in;
      if (q == self) in = null;
      else if (pieces == 0) continue;
      else in = TaskLinks.decode(links.receive(q));
      int at = 0;
      if (q != self) {
        for (int n : mine.layers()) {
          if (owner(n) != q) continue;
          System.arraycopy(in, at, theta, shape.layerWeights(n), len);
          current.set(n);
          at += len;
        }
      }
      for (long span : mine.spans()) {
        if (!overlaps(q, span)) continue;
        double[] part = q == self ? partialMean(self, (int) (span >>> 32), (int) span)
            : Arrays.copyOfRange(in, at, at + len);
        if (q != self) at += len;
        double[] sum = sums.get(span);
        if (sum == null) sums.put(span, part);
        else Mat.axpy(len, 1.0, part, 0, sum, 0);
      }
    }
    means.clear();
    for (Map.Entry<Long, double[]> e : sums.entrySet()) {
      int first = (int) (e.getKey() >>> 32);
      means.put(e.getKey(), new ResNet.Layer(e.getValue(), 0, shape.layerBias(first) - shape.layerWeights(first)));
    }
  }

  /**
   * Zeroes what a step added into a task's gradient array (its slice, its adjoint block's layers,
   * the time-derivative penalty's neighbours), so the array can take the next step's.
   */
  public void clear(double[] grad) {
    int len = shape.layerLength();
    Arrays.fill(grad, from(self), to(self), 0);
    for (int n : needs.get(self).gradients()) Arrays.fill(grad, shape.layerWeights(n), shape.layerWeights(n) + len, 0);
    int[] own = layers(self);
    if (own[0] > 0) Arrays.fill(grad, shape.layerWeights(own[0] - 1), shape.layerWeights(own[0] - 1) + len, 0);
    if (own[1] < shape.depth()) Arrays.fill(grad, shape.layerWeights(own[1]), shape.layerWeights(own[1]) + len, 0);
  }

  /** u_0 of the batch: opened by task 0, which owns the opening layer, and sent to every other task. */
  public double[] opened(TaskLinks links, Supplier<double[]> open) {
    if (self != 0) return TaskLinks.decode(links.receive(0));
    double[] u0 = open.get();
    for (int t = 1; t < tasks(); t++) links.send(t, TaskLinks.encode(u0));
    return u0;
  }

  /** Layer n's part (weights and bias) of a vector of the network's parameters, or of their gradient. */
  private double[] layerOf(double[] vector, int n) {
    return Arrays.copyOfRange(vector, shape.layerWeights(n), shape.layerWeights(n) + shape.layerLength());
  }

  private static double[] concat(List<double[]> parts, int len) {
    double[] all = new double[parts.size() * len];
    for (int i = 0; i < parts.size(); i++) System.arraycopy(parts.get(i), 0, all, i * len, len);
    return all;
  }

  @Override
  public ResNet.Layer spanning(int first, int count) {
    if (coarse.averages(count)) {
      ResNet.Layer mean = means.get(key(first, count));
      if (mean == null) throw new IllegalStateException("task " + self + " holds no mean of layers " + first + " … " + (first + count - 1));
      return mean;
    }
    if (!current.get(first)) throw new IllegalStateException("task " + self + " holds no current copy of layer " + first);
    return net.layer(first);
  }

  /**
   * Sends the other tasks the gradients this task's adjoint block made of their layers, and adds
   * into {@code grad} (zero there) those the others made of this task's: after it, grad is complete
   * over this task's slice. Call it in every task after every step.
   */
  public void routeGradients(TaskLinks links, double[] grad) {
    int len = shape.layerLength();
    for (int t = 0; t < tasks(); t++) {
      if (t == self) continue;
      List<double[]> out = new ArrayList<>();
      for (int n : needs.get(self).gradients()) {
        if (owner(n) == t) out.add(layerOf(grad, n));
      }
      if (!out.isEmpty()) links.send(t, TaskLinks.encode(concat(out, len)));
    }
    for (int q = 0; q < tasks(); q++) {
      if (q == self) continue;
      List<Integer> theirs = needs.get(q).gradients().stream().filter(n -> owner(n) == self).toList();
      if (theirs.isEmpty()) continue;
      double[] in = TaskLinks.decode(links.receive(q));
      for (int k = 0; k < theirs.size(); k++) Mat.axpy(len, 1.0, in, k * len, grad, shape.layerWeights(theirs.get(k)));
    }
  }
}
