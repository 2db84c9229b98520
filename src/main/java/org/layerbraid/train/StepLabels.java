package org.layerbraid.train;

/**
 * Told what training is about to do before each optimiser step, so that a cluster's UI can name
 * the jobs the step runs (Spark's job descriptions), whichever batch source or engine runs them.
 */
@FunctionalInterface
public interface StepLabels {
  StepLabels NONE = label -> {};

  /** {@code label} describes the work until the next call, e.g. "level 2 (32 layers), epoch 5/100, step 205". */
  void next(String label);

  /** The label of a step, as every run writes it. */
  static String step(int level, int depth, int epoch, int epochs, int step) {
    return "level " + level + " (" + depth + " layers), epoch " + epoch + "/" + epochs + ", step " + step;
  }

  /** An epoch's steps {@code first} … {@code last} taken together (one barrier stage). */
  static String steps(int level, int depth, int epoch, int epochs, int first, int last) {
    return "level " + level + " (" + depth + " layers), epoch " + epoch + "/" + epochs + ", steps " + first + "-" + last;
  }
}
