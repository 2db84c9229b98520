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
      Map.entry("study.mlpHidden", "32,16"), Map.entry("study.mlpChunk", "20"), Map.entry("study.sweep", ""),
      Map.entry("study.nestedGrid", ""), Map.entry("study.randomGrid", ""), Map.entry("study.thresholds", ""),
      Map.entry("train.learningRate", "0.001"), Map.entry("train.batchSize", "256"), Map.entry("train.lrDecay", "1"),
      Map.entry("nested.learningRate", ""));

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
  void aGridIsEveryCombinationOfItsValuesFirstKeySlowest() {
    StudySettings s = StudySettings.parse(lookup(Map.of(
        "study.randomGrid", "train.learningRate=0.001, 0.003; train.batchSize=256,1024",
        "study.nestedGrid", "nested.learningRate=0.008,0.003|0.004,0.002; train.lrDecay=0.9,1",
        "study.thresholds", "0.85, 0.86")));
    assertEquals(List.of("train.learningRate=0.001 train.batchSize=256", "train.learningRate=0.001 train.batchSize=1024",
        "train.learningRate=0.003 train.batchSize=256", "train.learningRate=0.003 train.batchSize=1024"),
        s.randomGrid().stream().map(SweepCase::name).toList());
    assertEquals(Map.of("train.learningRate", "0.003", "train.batchSize", "256"), s.randomGrid().get(2).overrides());
    assertEquals("nested.learningRate=0.004,0.002 train.lrDecay=0.9", s.nestedGrid().get(2).name());
    assertArrayEquals(new double[] {0.85, 0.86}, s.thresholds());
    // A grid setting goes on top of a sweep case: the case keeps its name, the setting's keys win.
    SweepCase c = new SweepCase("train.batchSize=64", Map.of("train.batchSize", "64", "init.open", "2"));
    assertEquals(Map.of("train.batchSize", "1024", "init.open", "2", "train.learningRate", "0.001"),
        c.with(s.randomGrid().get(1)).overrides());
    assertEquals("train.batchSize=64", c.with(s.randomGrid().get(1)).name());

    StudySettings empty = StudySettings.parse(lookup(Map.of()));
    assertEquals(List.of(SweepCase.CONFIGURED), empty.randomGrid().stream().map(SweepCase::name).toList());
    assertEquals(0, empty.thresholds().length, "the default threshold comes from the tuned random start");
  }

  @Test
  void bothArmsGetTuningGridsOfTheSameSize() {
    assertMessage("study.randomGrid has 2 settings and study.nestedGrid 1", Map.of("study.randomGrid",
        "train.learningRate=0.001,0.003"));
    // Without a random start there is nothing to match.
    assertEquals(2, StudySettings.parse(lookup(Map.of("study.arms", "nested", "study.nestedGrid",
        "nested.learningRate=0.1|0.2"))).nestedGrid().size());
    assertMessage("study.randomGrid: nested.learningRate cannot be tuned here; expected a key starting with train.",
        Map.of("study.randomGrid", "nested.learningRate=0.1"));
    assertMessage("unknown key 'train.learningRat'", Map.of("study.randomGrid", "train.learningRat=0.1"));
    assertMessage("study.nestedGrid: empty value for train.lrDecay", Map.of("study.nestedGrid", "train.lrDecay=0.9||1"));
    assertMessage("study.thresholds must be in (0, 1]", Map.of("study.thresholds", "85"));
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
