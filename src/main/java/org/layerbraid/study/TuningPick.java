package org.layerbraid.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbraid.study.StudySettings.Arm;

/**
 * Which setting of an arm's tuning grid a study compares, in one sweep case: the one whose runs'
 * final validation accuracy has the best median over seeds. The test set (or Peaks grid) plays no
 * part in the choice; its accuracy is only reported for the pick. Ties go to the setting listed
 * first in the grid.
 */
final class TuningPick {
  private TuningPick() {}

  /** One setting's runs in a case: the medians over seeds of their final validation and target-set accuracies. */
  record Setting(String name, int runs, double medianValidation, double medianTarget) {}

  /** The settings {@code arm} ran in {@code caseName}, in the order of the runs (the grid's order). */
  static List<Setting> settings(List<StudyRun> runs, Arm arm, String caseName) {
    Map<String, List<StudyRun>> bySetting = new LinkedHashMap<>();
    for (StudyRun r : runs) {
      if (r.arm() == arm && r.caseName().equals(caseName)) bySetting.computeIfAbsent(r.setting(), k -> new ArrayList<>()).add(r);
    }
    List<Setting> out = new ArrayList<>();
    bySetting.forEach((name, rs) -> out.add(new Setting(name, rs.size(),
        Spread.of(rs.stream().mapToDouble(r -> r.last().validationAccuracy()).toArray()).median(),
        Spread.of(rs.stream().mapToDouble(r -> r.last().accuracy()).toArray()).median())));
    return out;
  }

  /** The name of the picked setting of {@code arm} in {@code caseName}; null when the arm has no runs there. */
  static String pick(List<StudyRun> runs, Arm arm, String caseName) {
    Setting best = null;
    for (Setting s : settings(runs, arm, caseName)) {
      // NaN (no validation set) never beats anything: the grid's first setting is then kept.
      if (best == null || s.medianValidation() > best.medianValidation()) best = s;
    }
    return best == null ? null : best.name();
  }

  /** The runs a study compares: MLlib's, and nested iteration's and the random start's at their picked settings. */
  static List<StudyRun> picked(List<StudyRun> runs) {
    Map<String, String> picks = new LinkedHashMap<>();
    List<StudyRun> out = new ArrayList<>();
    for (StudyRun r : runs) {
      if (r.arm() == Arm.MLLIB) {
        out.add(r);
        continue;
      }
      String pick = picks.computeIfAbsent(r.arm().id() + "\n" + r.caseName(), k -> pick(runs, r.arm(), r.caseName()));
      if (r.setting().equals(pick)) out.add(r);
    }
    return out;
  }
}
