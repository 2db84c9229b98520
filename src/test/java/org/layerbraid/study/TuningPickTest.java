package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.study.StudySettings.Arm;

/** The pick of a tuning grid is made on validation accuracy, never on the test set. */
class TuningPickTest {
  private static StudyRun run(Arm arm, String setting, long seed, double target, double validation) {
    Curve c = new Curve();
    c.add(1, 10, 80, 8, target, validation);
    return new StudyRun(arm, "base", setting, seed, 1, 10, c, new int[] {8}, new double[1], new double[1], "");
  }

  // "fast" has the better test accuracy, "slow" the better median validation accuracy (0.91 against 0.90).
  private static final List<StudyRun> RUNS = List.of(
      run(Arm.NESTED, "as configured", 1, 0.90, 0.90), run(Arm.NESTED, "as configured", 2, 0.90, 0.90),
      run(Arm.RANDOM, "lr=fast", 1, 0.99, 0.95), run(Arm.RANDOM, "lr=fast", 2, 0.98, 0.85),
      run(Arm.RANDOM, "lr=slow", 1, 0.80, 0.92), run(Arm.RANDOM, "lr=slow", 2, 0.81, 0.90),
      run(Arm.MLLIB, "", 1, 0.70, 0.70));

  @Test
  void picksTheBestMedianValidationAccuracyWhereTheTestSetDisagrees() {
    assertEquals("lr=slow", TuningPick.pick(RUNS, Arm.RANDOM, "base"));
    List<TuningPick.Setting> s = TuningPick.settings(RUNS, Arm.RANDOM, "base");
    assertEquals(List.of("lr=fast", "lr=slow"), s.stream().map(TuningPick.Setting::name).toList());
    assertEquals(0.90, s.get(0).medianValidation(), 1e-12);
    assertEquals(0.985, s.get(0).medianTarget(), 1e-12);
    assertEquals(0.91, s.get(1).medianValidation(), 1e-12);
  }

  @Test
  void theComparedRunsAreThePicksAndMllib() {
    List<StudyRun> picked = TuningPick.picked(RUNS);
    assertEquals(5, picked.size());
    assertTrue(picked.stream().noneMatch(r -> r.setting().equals("lr=fast")));
    assertEquals(1, picked.stream().filter(r -> r.arm() == Arm.MLLIB).count());
  }

  @Test
  void tiesAndMissingValidationKeepTheGridsFirstSetting() {
    List<StudyRun> tie = List.of(run(Arm.RANDOM, "a", 1, 0.5, 0.9), run(Arm.RANDOM, "b", 1, 0.99, 0.9));
    assertEquals("a", TuningPick.pick(tie, Arm.RANDOM, "base"));
    List<StudyRun> none = List.of(run(Arm.RANDOM, "a", 1, 0.5, Double.NaN), run(Arm.RANDOM, "b", 1, 0.99, Double.NaN));
    assertEquals("a", TuningPick.pick(none, Arm.RANDOM, "base"));
    assertNull(TuningPick.pick(none, Arm.NESTED, "base"));
  }
}
