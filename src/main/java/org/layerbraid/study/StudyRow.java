package org.layerbraid.study;

import java.util.List;
import org.layerbraid.study.StudySettings.Arm;

/**
 * One run read against its nested-iteration run (same case and seed): the figures the report
 * compares. For nested iteration and MLlib the "equal cost" and "equal time" readings are the
 * run's end (MLlib has no equal-cost reading: its steps are not layerbraid's).
 *
 * @param secondsToFinalDepthTarget run time until a network of the final depth reached the target: later
 *     than {@code secondsToTarget} when a shallow level of nested iteration got there first
 * @param workToTarget layer steps to the target over the final depth: the work in steps of the final
 *     network (NaN when the target was not reached, and for MLlib)
 * @param equalTimeReached the run went on for nested iteration's wall time (false: it stopped sooner,
 *     so its equal-time reading is its end)
 */
public record StudyRow(StudyRun run, double secondsToTarget, double secondsToFinalDepthTarget, long stepsToTarget,
    double workToTarget, Curve.Point end, Curve.Point equalCost, Curve.Point equalTime, boolean equalTimeReached) {

  static StudyRow of(StudyRun run, StudyRun nested, long stepBudget, double target) {
    Curve c = run.curve();
    Curve.Point end = c.last();
    long layerSteps = c.layerStepsTo(target);
    int finalDepth = run.depths()[run.depths().length - 1];
    double work = run.arm() == Arm.MLLIB || layerSteps < 0 ? Double.NaN : (double) layerSteps / finalDepth;
    double seconds = c.secondsTo(target);
    double finalDepthSeconds = run.arm() == Arm.MLLIB ? seconds : c.secondsTo(target, finalDepth);
    return switch (run.arm()) {
      case NESTED -> new StudyRow(run, seconds, finalDepthSeconds, c.stepsTo(target), work, end, end, end, true);
      case RANDOM -> new StudyRow(run, seconds, finalDepthSeconds, c.stepsTo(target), work, end,
          c.atSteps(stepBudget), c.atSeconds(nested.seconds()), c.reaches(nested.seconds()));
      case MLLIB -> new StudyRow(run, seconds, finalDepthSeconds, c.stepsTo(target), work, end, null, end,
          c.reaches(nested.seconds()));
    };
  }

  /** The nested-iteration run of the same case and seed. */
  static StudyRun nestedOf(StudyRun run, List<StudyRun> runs) {
    String caseName = run.arm() == Arm.MLLIB ? StudySettings.SweepCase.BASE : run.caseName();
    for (StudyRun r : runs) {
      if (r.arm() == Arm.NESTED && r.seed() == run.seed() && r.caseName().equals(caseName)) return r;
    }
    throw new IllegalStateException("no nested-iteration run for case " + caseName + ", seed " + run.seed());
  }
}
