package org.layerbraid.study;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.layerbraid.study.StudySettings.Arm;
import org.layerbraid.study.StudySettings.SweepCase;

class StudySettingsTest {
  /** The base configuration: a few keys, an error naming any other one (as the CLI's Config does). */
  private static final Map<String, String> BASE = Map.ofEntries(Map.entry("reg.tik", "1e-7"), Map.entry("init.open", "3"),
      Map.entry("nested.interpolation", "zero"), Map.entry("study.seeds", "1, 2,3"),
      Map.entry("study.arms", "nested,random,mllib"), Map.entry("study.target", "0.9"),
      Map.entry("study.monitorEvery", "10"), Map.entry("study.randomStepFactor", "1.5"),
      Map.entry("study.mlpHidden", "32,16"), Map.entry("study.mlpChunk", "20"), Map.entry("study.sweep", ""));

  private static UnaryOperator<String> lookup(Map<String, String> extra) {
    return k -> {
      if (extra.containsKey(k)) return extra.get(k);
      if (!BASE.containsKey(k)) throw new IllegalArgumentException("unknown key '" + k + "'");
      return BASE.get(k);
    };
  }

  @Test
  void sweepIsTheBaseThenOneKeyAtATimeLeavingOutTheBaseValue() {
    List<SweepCase> cases = StudySettings.parseSweep(" init.open = 1, 3 ,5 ; nested.interpolation=linear ", lookup(Map.of()));
    assertEquals(List.of("base", "init.open=1", "init.open=5", "nested.interpolation=linear"),
        cases.stream().map(SweepCase::name).toList());
    assertTrue(cases.get(0).isBase());
    assertEquals(Map.of("init.open", "5"), cases.get(2).overrides());
    assertFalse(cases.get(1).onlyNested());
    assertTrue(cases.get(3).onlyNested());
    assertEquals(List.of("base"), StudySettings.parseSweep("", lookup(Map.of())).stream().map(SweepCase::name).toList());
  }

  @Test
  void listValuedKeysSeparateTheirValuesWithBars() {
    List<SweepCase> cases = StudySettings.parseSweep("nested.epochs = 3, 2, 1 | 4,2,1 |6,3,1; nested.stopAtTrainAccuracy=0.85",
        lookup(Map.of("nested.epochs", "4, 2, 1", "nested.stopAtTrainAccuracy", "")));
    assertEquals(List.of("base", "nested.epochs=3,2,1", "nested.epochs=6,3,1", "nested.stopAtTrainAccuracy=0.85"),
        cases.stream().map(SweepCase::name).toList(), "the base's own list (written with blanks) left out");
    assertEquals(Map.of("nested.epochs", "6,3,1"), cases.get(2).overrides());
    assertEquals(List.of("base", "nested.epochs=6,3,1"),
        StudySettings.parseSweep("nested.epochs=6,3,1|", lookup(Map.of("nested.epochs", "4,2,1"))).stream()
            .map(SweepCase::name).toList(), "a trailing bar: one list value, not three cases");
    assertMessage("study.sweep: empty value for init.open", Map.of("study.sweep", "init.open=1||2"));
  }

  @Test
  void parsesEveryKey() {
    StudySettings s = StudySettings.parse(lookup(Map.of("study.sweep", "reg.tik=1e-5")));
    assertArrayEquals(new long[] {1, 2, 3}, s.seeds());
    assertEquals(2, s.cases().size());
    assertEquals(EnumSet.allOf(Arm.class), s.arms());
    assertEquals(0.9, s.target());
    assertEquals(10, s.monitorEvery());
    assertEquals(1.5, s.randomStepFactor());
    assertArrayEquals(new int[] {32, 16}, s.mlpHidden());
    assertEquals(20, s.mlpChunk());
  }

  @Test
  void badValuesNameTheKeyAndWhatWasExpected() {
    assertMessage("unknown key 'reg.tikk'", Map.of("study.sweep", "reg.tikk=1"));
    assertMessage("data.kind cannot be swept", Map.of("study.sweep", "data.kind=csv"));
    assertMessage("seed cannot be swept", Map.of("study.sweep", "seed=3"));
    assertMessage("'init.open' is not key=value", Map.of("study.sweep", "init.open"));
    assertMessage("study.seeds: 'x' in '1,x' is not an integer seed", Map.of("study.seeds", "1,x"));
    assertMessage("study.seeds: at least one seed", Map.of("study.seeds", " "));
    assertMessage("unknown arm 'best'", Map.of("study.arms", "nested,best"));
    assertMessage("study.arms must contain nested", Map.of("study.arms", "random"));
    assertMessage("study.target must be in (0, 1]", Map.of("study.target", "90"));
    assertMessage("study.target: expected a number, got 'high'", Map.of("study.target", "high"));
    assertMessage("study.mlpHidden: 'a' in 'a' is not an integer layer size", Map.of("study.mlpHidden", "a"));
    assertMessage("study.monitorEvery must be >= 1", Map.of("study.monitorEvery", "0"));
  }

  private static void assertMessage(String expected, Map<String, String> extra) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudySettings.parse(lookup(extra)));
    assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
