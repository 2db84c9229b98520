package org.layerbraid.settings;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbraid.model.DepthRefinement;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.Optimizer;

/** The nested.* keys: defaults (off), per-level lists, and errors that name the key, its origin and what is wrong. */
class NestedConfigTest {

  private static RunSettings settings(String... overrides) {
    return RunSettings.from(Config.defaults().with(List.of(overrides)));
  }

  private static String error(String... overrides) {
    return assertThrows(IllegalArgumentException.class, () -> settings(overrides)).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
  }

  @Test
  void offByDefault() {
    NestedSettings n = settings().nested();
    assertEquals(1, n.levels());
    assertFalse(n.enabled());
    assertEquals(2, n.factor());
    assertEquals(DepthRefinement.LINEAR, n.interpolation());
    assertEquals(0, n.epochs().length);
  }

  @Test
  void perLevelListsAndSingleValues() {
    RunSettings s = settings("model.layers=32", "nested.levels=4", "nested.interpolation=zero", "nested.epochs=10, 20,30,400",
        "nested.stopAtTrainAccuracy=0.9", "nested.learningRate=0.05,0.05,0.02,0.01", "nested.optimizer=lbfgs",
        "nested.batchSize=0,1024,512,256", "train.epochs=7");
    NestedSettings n = s.nested();
    assertEquals(DepthRefinement.ZERO, n.interpolation());
    assertArrayEquals(new int[] {10, 20, 30, 400}, n.epochs());
    assertEquals(4, n.coarsestDepth(32));
    for (int k = 0; k < 4; k++) {
      assertEquals(0.9, n.settingsAt(s.training(), k).stopAtTrainAccuracy());
      assertEquals(Optimizer.Kind.LBFGS, n.settingsAt(s.training(), k).optimizer().kind());
    }
    assertEquals(400, n.settingsAt(s.training(), 3).epochs());
    assertEquals(0.02, n.settingsAt(s.training(), 2).optimizer().learningRate());
    assertEquals(1024, n.settingsAt(s.training(), 1).batchSize());
    assertEquals(0, n.settingsAt(s.training(), 0).batchSize());
    // Empty lists fall back to the train.* values.
    NestedSettings plain = settings("model.layers=8", "nested.levels=2", "train.epochs=7").nested();
    assertEquals(7, plain.settingsAt(settings("train.epochs=7").training(), 1).epochs());
  }

  @Test
  void depthThatTheScheduleDoesNotDivideIsNamed() {
    String m = error("model.layers=30", "nested.levels=3");
    assertMentions(m, "command-line argument 'model.layers=30'", "model.layers = 30", "nested.factor^(nested.levels-1)",
        "2^2 = 4", "multiple of 4");
    assertMentions(error("nested.levels=3", "nested.factor=3"), "default of model.layers", "model.layers = 32", "3^2 = 9");
    settings("model.layers=30", "nested.levels=2"); // 15 -> 30 is fine
  }

  @Test
  void badInterpolationNameIsNamed() {
    assertMentions(error("nested.levels=2", "nested.interpolation=cubic"), "nested.interpolation=cubic",
        "unknown interpolation 'cubic'", "[constant, linear, zero]");
  }

  @Test
  void listsOfTheWrongLengthOrWithBadValuesAreNamed() {
    assertMentions(error("nested.levels=3", "nested.epochs=10,20"), "'nested.epochs=10,20'", "nested.epochs",
        "one per level (3 levels", "got 2 values");
    assertMentions(error("nested.levels=2", "nested.learningRate=0.1,fast"), "nested.learningRate", "'fast'", "not a number");
    assertMentions(error("nested.levels=2", "nested.optimizer=adam,newton"), "nested.optimizer", "unknown optimizer 'newton'");
    assertMentions(error("nested.levels=2", "nested.epochs=10,0"), "'nested.epochs=10,0'", "nested.epochs entries must be >= 1, got [10, 0]");
    assertMentions(error("nested.levels=2", "nested.batchSize=1024,-1"), "nested.batchSize entries must be >= 0, got [1024, -1]");
    assertMentions(error("nested.levels=2", "nested.batchSize=1k"), "nested.batchSize", "'1k'", "not an integer");
    assertMentions(error("nested.levels=0"), "nested.levels must be >= 1");
    assertMentions(error("nested.levels=2", "nested.factor=1"), "nested.factor must be >= 2");
  }

  @Test
  void refineStepsNeedOneShotMgrit() {
    assertMentions(error("nested.levels=2", "nested.refineSteps=5"), "nested.refineSteps", "propagation = mgrit");
    assertEquals(5, settings("nested.levels=2", "nested.refineSteps=5", "propagation=mgrit").nested().refineSteps());
  }
}
