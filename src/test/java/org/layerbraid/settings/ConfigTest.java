package org.layerbraid.settings;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.data.DataSpec;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.train.Optimizer;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/** Config files, command-line overrides, and the typed {@link RunSettings} read from them. */
class ConfigTest {
  @TempDir Path tmp;

  private Path file(String... lines) throws IOException {
    Path f = tmp.resolve("run.conf");
    Files.write(f, List.of(lines));
    return f;
  }

  /** Every run config the project ships reads without error, and a study config's study.* keys too. */
  @Test
  void theShippedConfigsRead() throws IOException {
    List<Path> confs;
    try (var files = Files.list(Path.of("conf"))) {
      confs = files.filter(f -> f.toString().endsWith(".conf") && !f.endsWith("spark-defaults.conf")).sorted().toList();
    }
    assertTrue(confs.size() >= 5, "configs found: " + confs);
    for (Path f : confs) {
      Config c = Config.load(f);
      assertDoesNotThrow(() -> RunSettings.from(c), f.toString());
    }
  }

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
  }

  @Test
  void fileWithCommentsAndBlankLinesParses() throws IOException {
    Path f = file(
        "# a run",
        "",
        "model.layers = 4        # shallow",
        "   ",
        "model.width=6",
        "  train.optimizer =  LBFGS  ",
        "\t# indented comment",
        "model.activation = tanh");
    Config c = Config.load(f);
    assertEquals(4, c.integer("model.layers"));
    assertEquals(6, c.integer("model.width"));
    assertEquals("LBFGS", c.string("train.optimizer"));
    assertEquals("tanh", c.string("model.activation"));
    assertEquals("0.01", c.string("train.learningRate")); // not in the file: the default
    assertEquals(Map.of("model.layers", "4", "model.width", "6", "train.optimizer", "LBFGS", "model.activation", "tanh"),
        c.explicit());
    assertEquals(List.of("model.layers", "model.width", "train.optimizer", "model.activation"), List.copyOf(c.explicit().keySet()));
    assertEquals(Options.ALL.size(), c.effective().size());
    assertEquals("4", c.effective().get("model.layers"));
  }

  @Test
  void typedSettingsComeFromTheFileAndTheDefaults() throws IOException {
    Path f = file(
        "data.kind = peaks",
        "peaks.trainPerClass = 100",
        "data.partitions = 3",
        "model.layers = 4",
        "model.activation = tanh",
        "model.bias = channel",
        "train.optimizer = sgd",
        "train.learningRate = 0.05",
        "train.batchSize = 250",
        "train.epochs = 7",
        "train.gradients = Driver",
        "seed = 42");
    RunSettings s = RunSettings.from(Config.load(f));
    assertEquals(DataSpec.Kind.PEAKS, s.data().kind());
    assertEquals(100, s.data().peaksTrainPerClass());
    assertEquals(42, s.data().seed());
    assertEquals(3, s.partitions());
    assertEquals(4, s.model().depth());
    assertEquals(8, s.model().width()); // default
    assertEquals(Activation.TANH, s.model().activation());
    assertEquals(BiasMode.CHANNEL, s.model().bias());
    assertEquals(Optimizer.Kind.SGD, s.training().optimizer().kind());
    assertEquals(0.05, s.training().optimizer().learningRate());
    assertEquals(0.9, s.training().optimizer().momentum()); // default
    assertEquals(250, s.training().batchSize());
    assertEquals(7, s.training().epochs());
    assertEquals(42, s.training().seed());
    assertEquals(TrainingSettings.Gradients.DRIVER, s.training().gradients());
    assertEquals(1e-5, s.training().regularization().ddt()); // default
    assertEquals(PropagationSpec.Kind.SERIAL, s.propagation().kind());
    assertEquals("console", s.progressMode());
  }

  @Test
  void dataSeedHoldsTheDataFixedWhileSeedVariesTheTraining() {
    for (String seed : List.of("1", "2")) {
      RunSettings s = RunSettings.from(Config.defaults().with(List.of("seed=" + seed, "data.seed=7")));
      assertEquals(7, s.data().seed(), "validation split and Peaks' sample");
      assertEquals(Long.parseLong(seed), s.training().seed(), "minibatch order");
    }
    assertEquals(3, RunSettings.from(Config.defaults().with(List.of("seed=3", "data.seed="))).data().seed(),
        "empty data.seed: the run's seed");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RunSettings.from(Config.defaults().with(List.of("data.seed=x"))));
    assertTrue(e.getMessage().contains("data.seed must be an integer, got 'x'"), e.getMessage());
  }

  @Test
  void defaultsAloneMakeValidSettings() {
    RunSettings s = RunSettings.from(Config.defaults());
    assertEquals(32, s.model().depth());
    assertEquals(Optimizer.Kind.ADAM, s.training().optimizer().kind());
    assertEquals(0, s.training().batchSize());
    assertEquals(Activation.SMOOTHRELU, s.model().activation());
    assertEquals(TrainingSettings.Gradients.SPARK, s.training().gradients(), "data parallel on Spark unless asked");
  }

  @Test
  void commandLineOverridesWin() throws IOException {
    Path f = file("model.layers = 4", "train.epochs = 10");
    Config c = Config.load(f).with(List.of("model.layers=16", "train.optimizer = lbfgs"));
    assertEquals(16, c.integer("model.layers"));
    assertEquals(10, c.integer("train.epochs"));
    RunSettings s = RunSettings.from(c);
    assertEquals(16, s.model().depth());
    assertEquals(Optimizer.Kind.LBFGS, s.training().optimizer().kind());
    assertEquals("16", c.explicit().get("model.layers"));
    // An error about an overridden value names the argument, not the file.
    String m = error(() -> Config.load(f).with(List.of("model.layers=many")).integer("model.layers"));
    assertMentions(m, "command-line argument 'model.layers=many'", "model.layers must be an integer", "'many'");
  }

  @Test
  void unknownKeyInAFileNamesFileLineAndTheNearKey() throws IOException {
    Path f = file("# comment", "model.layers = 4", "model.layer = 8");
    String m = error(() -> Config.load(f));
    assertMentions(m, f + " line 3", "unknown key 'model.layer'", "did you mean 'model.layers'?");
  }

  @Test
  void unknownKeyOnTheCommandLineIsNamedWithTheNearKey() {
    String m = error(() -> Config.defaults().with(List.of("trian.epochs=5")));
    assertMentions(m, "command-line argument 'trian.epochs=5'", "unknown key 'trian.epochs'", "did you mean 'train.epochs'?");
  }

  @Test
  void unknownKeyFarFromAnyKnownOneGetsNoGuess() {
    String m = error(() -> Config.defaults().with(List.of("colour=blue")));
    assertMentions(m, "unknown key 'colour'", "layerbraid keys");
    assertFalse(m.contains("did you mean"), m);
  }

  @Test
  void lineWithoutEqualsSignIsAnError() throws IOException {
    Path f = file("model.layers = 4", "", "train.epochs 20");
    String m = error(() -> Config.load(f));
    assertMentions(m, f + " line 3", "expected key = value", "'train.epochs 20'");
    Path g = file("= 20");
    assertMentions(error(() -> Config.load(g)), g + " line 1", "expected key = value");
    assertMentions(error(() -> Config.defaults().with(List.of("train.epochs"))),
        "command-line argument 'train.epochs'", "expected key=value");
  }

  @Test
  void missingFileIsAnError() {
    Path f = tmp.resolve("absent.conf");
    assertMentions(error(() -> Config.load(f)), "config file " + f + " does not exist");
  }

  @Test
  void nonNumericValuesNameKeyAndOrigin() throws IOException {
    // A value is checked as it is read, so the bad line is named before anything runs.
    String[][] cases = {
        {"model.layers = four", "model.layers must be an integer", "'four'"},
        {"reg.tik = 1e-x", "reg.tik must be a finite number", "'1e-x'"},
        {"model.T = NaN", "model.T must be a finite number", "'NaN'"},
        {"train.learningRate = 0x1p3", "train.learningRate must be a finite number", "'0x1p3'"},
        {"train.learningRate = 1.2f", "train.learningRate must be a finite number", "'1.2f'"},
        {"train.keepBest = yes", "train.keepBest must be true or false", "'yes'"},
        {"mgrit.cfactor = 2,x", "mgrit.cfactor must be an integer or a comma list of integers", "'x' in '2,x'"},
        {"train.batchSize = -5", "train.batchSize must be >= 0, got -5"},
        {"model.width = 0", "model.width must be >= 1, got 0"}};
    for (String[] c : cases) {
      Path f = file("model.layers = 4", c[0]);
      String[] expected = java.util.Arrays.copyOf(c, c.length);
      expected[0] = f + " line 2";
      assertMentions(error(() -> Config.load(f)), expected);
    }
  }

  @Test
  void unknownChoicesNameKeyOriginAndTheValidChoices() throws IOException {
    Path f = file("model.activation = sigmoid");
    assertMentions(error(() -> RunSettings.from(Config.load(f))),
        f + " line 1", "model.activation", "unknown activation 'sigmoid'", "[tanh, relu, smoothrelu]");

    assertMentions(error(() -> RunSettings.from(Config.defaults().with(List.of("train.optimizer=adagrad")))),
        "command-line argument 'train.optimizer=adagrad'", "train.optimizer", "unknown optimizer 'adagrad'", "lbfgs");

    Path g = file("model.layers = 4", "propagation = parareal");
    assertMentions(error(() -> RunSettings.from(Config.load(g))),
        g + " line 2", "propagation", "unknown propagation 'parareal'", "[serial, mgrit]");

    Path h = file("output.progress = loud");
    assertMentions(error(() -> RunSettings.from(Config.load(h))),
        h + " line 1", "output.progress", "unknown progress mode 'loud'", "console, quiet, json");

    Path k = file("model.bias = none");
    assertMentions(error(() -> RunSettings.from(Config.load(k))), k + " line 1", "model.bias", "unknown bias mode 'none'");

    assertMentions(error(() -> RunSettings.from(Config.defaults().with(List.of("train.gradients=gpu")))),
        "command-line argument 'train.gradients=gpu'", "train.gradients", "'gpu'", "[spark, driver]");

    Path mode = file("mgrit.mode = sometimes");
    assertMentions(error(() -> RunSettings.from(Config.load(mode))), mode + " line 1", "mgrit.mode", "'sometimes'",
        "oneshot", "converged");
  }
}
