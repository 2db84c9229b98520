package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.report.MetricsWriter;
import org.layerbraid.settings.Config;

/** {@code layerbraid study nested} end to end through {@link Main#execute}, on a tiny Peaks problem. */
@ExtendWith(NoSparkUi.class)
class StudyNestedCommandTest {
  @TempDir Path tmp;

  private static final List<String> TINY = List.of(
      "data.kind = peaks",
      "peaks.trainPerClass = 40",
      "peaks.validationPerClass = 10",
      "model.width = 4",
      "model.layers = 8",
      "init.open = 3",
      "reg.scaled = true",
      "train.optimizer = lbfgs",
      "train.keepBest = false",
      "nested.levels = 2",
      "nested.interpolation = zero",
      "nested.epochs = 4,6",
      "output.progress = quiet",
      "study.target = 0.5",
      "study.monitorEvery = 3",
      "study.mlpHidden = 8",
      "study.mlpChunk = 5");

  @Test
  void theShippedStudyConfigsRead() throws IOException {
    List<Path> confs;
    try (var files = Files.list(Path.of("conf"))) {
      confs = files.filter(f -> f.getFileName().toString().contains("-study")).sorted().toList();
    }
    assertFalse(confs.isEmpty());
    for (Path f : confs) {
      Config c = Config.load(f);
      // Every case with every grid setting at every seed builds: a bad value would fail here, not hours into a run.
      org.layerbraid.study.NestedStudy.check(StudyNestedCommand.studySettings(c), StudyNestedCommand.caseSettings(c));
    }
  }

  @Test
  void comparesTheArmsOverSeedsAndSweepAndWritesTheReport() throws IOException {
    Path conf = config("study.conf", List.of("study.seeds = 1,2",
        "study.sweep = nested.interpolation=linear; init.hidden=0.5"));
    Path out = tmp.resolve("out");
    assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", out.toString(),
        "--master", "local[2]"));

    for (String f : List.of("summary.md", "runs.csv", "curves.csv")) assertTrue(Files.size(out.resolve(f)) > 0, f);
    for (String png : List.of("accuracy_vs_time.png", "box_target.png", "box_validation.png")) {
      assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
    }
    List<Map<String, String>> runs = csv(out.resolve("runs.csv"));
    // 2 seeds × 3 cases: nested and random each; MLlib once per seed (base case).
    assertEquals(14, runs.size());
    assertEquals(6, count(runs, "nested"));
    assertEquals(6, count(runs, "random"));
    assertEquals(2, count(runs, "mllib"));
    for (Map<String, String> r : runs) {
      if (!r.get("arm").equals("random")) continue;
      Map<String, String> nested = find(runs, "nested", r.get("case"), r.get("seed"));
      long budget = (long) Math.ceil(1.5 * Long.parseLong(nested.get("steps")));
      assertTrue(Long.parseLong(r.get("steps")) >= budget, () -> "random start short of its step budget: " + r);
      // A case that changed only nested-iteration keys may reuse the base's random start (when that one
      // ran long enough for this case's budgets, checked above); any other case has its own.
      if (!r.get("case").startsWith("nested.")) assertEquals("", r.get("shared_with"), r.toString());
      else assertTrue(List.of("", "base").contains(r.get("shared_with")), r.toString());
    }
    for (Map<String, String> r : runs) {
      double a = Double.parseDouble(r.get("end_target"));
      assertTrue(a > 0 && a <= 1, r.toString());
    }
    // Steps count over the whole run, layer steps weigh them by depth: nested 4 steps at depth 4, then 6 at depth 8.
    for (Map<String, String> p : csv(out.resolve("curves.csv"))) {
      long steps = Long.parseLong(p.get("steps"));
      switch (p.get("arm")) {
        case "random" -> {
          assertEquals(8 * steps, Long.parseLong(p.get("layer_steps")), p.toString());
          assertEquals("8", p.get("depth"), p.toString());
        }
        case "nested" -> {
          assertEquals(steps <= 4 ? 4 * steps : 16 + 8 * (steps - 4), Long.parseLong(p.get("layer_steps")), p.toString());
          assertEquals(steps <= 4 ? "4" : "8", p.get("depth"), p.toString());
        }
        default -> {
          assertEquals("", p.get("layer_steps"), p.toString());
          assertEquals("", p.get("depth"), p.toString());
        }
      }
    }
    // A run that got there says on which depth; the final depth gets there then or later.
    for (Map<String, String> r : runs) {
      if (r.get("seconds_to_target").isEmpty() || r.get("arm").equals("mllib")) continue;
      assertTrue(List.of("4", "8").contains(r.get("depth_at_target")), r.toString());
      if (r.get("depth_at_target").equals("8")) assertEquals(r.get("seconds_to_target"), r.get("seconds_to_target_final_depth"));
      else if (!r.get("seconds_to_target_final_depth").isEmpty()) {
        assertTrue(Double.parseDouble(r.get("seconds_to_target_final_depth")) > Double.parseDouble(r.get("seconds_to_target")),
            r.toString());
      }
    }
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("Work (steps of the final network) to target, random ÷ nested, per seed where both got there"),
        summary);
    assertTrue(summary.contains("## Case `init.hidden=0.5`"), summary);
    assertTrue(summary.contains("| nested (Peaks grid) | 6 |"), summary);
    assertTrue(summary.contains("| MLlib MLP, equal time (Peaks grid) | 2 |"), summary);
    // The spread ratio, recomputed from runs.csv: std of nested iteration's end ÷ std of the random start at equal cost.
    double[] nestedEnd = new double[6], randomEqualCost = new double[6];
    int i = 0;
    for (Map<String, String> r : runs) {
      if (!r.get("arm").equals("nested")) continue;
      nestedEnd[i] = Double.parseDouble(r.get("end_target"));
      randomEqualCost[i++] = Double.parseDouble(find(runs, "random", r.get("case"), r.get("seed")).get("equal_cost_target"));
    }
    String ratioRow = summary.lines().filter(l -> l.startsWith("| random, equal cost | ")).findFirst().orElseThrow(
        () -> new AssertionError("no spread-ratio row: " + summary));
    assertTrue(ratioRow.startsWith(String.format(java.util.Locale.ROOT, "| random, equal cost | %.2f (",
        sampleStd(nestedEnd) / sampleStd(randomEqualCost))), ratioRow + " in " + summary);
    assertTrue(summary.contains("over the 6 runs paired by seed and case, with a 90 % bootstrap interval"), summary);

    // Monitoring does not change training: the study's nested run equals `train` with the same settings.
    Path trainOut = tmp.resolve("train");
    assertEquals(0, Main.execute("train", "--config", conf.toString(), "--out", trainOut.toString(), "--master",
        "local[2]", "seed=2"));
    double grid = ((Number) MetricsWriter.readMetrics(trainOut.resolve("metrics.json")).get("grid_accuracy")).doubleValue();
    assertEquals(grid, Double.parseDouble(find(runs, "nested", "base", "2").get("end_target")), 0.0);
  }

  @Test
  void bothArmsAreTunedAndPickedOnValidationAndTimedToTheDefaultThreshold() throws IOException {
    Path conf = config("fair.conf", List.of("study.seeds = 1,2", "study.arms = nested,random",
        "study.monitorEvery = 1", "study.nestedGrid = nested.interpolation=zero,linear",
        "study.randomGrid = train.lbfgsMemory=2,10"));
    Path out = tmp.resolve("fair");
    assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", out.toString(),
        "--master", "local[2]"));

    // The whole sweeps: 2 settings × 2 seeds per arm, each setting's runs picked or not together.
    List<Map<String, String>> sweep = csv(out.resolve("sweep.csv"));
    assertEquals(8, sweep.size());
    Map<String, String> picks = new HashMap<>();
    for (String arm : List.of("nested", "random")) {
      // The pick, recomputed from sweep.csv: the best median (here: mean of two) final validation accuracy, first on ties.
      Map<String, Double> median = new java.util.LinkedHashMap<>();
      for (Map<String, String> r : sweep) {
        if (r.get("arm").equals(arm)) median.merge(r.get("setting"), Double.parseDouble(r.get("end_validation")) / 2, Double::sum);
      }
      String best = null;
      for (var e : median.entrySet()) if (best == null || e.getValue() > median.get(best) + 1e-12) best = e.getKey();
      picks.put(arm, best);
      for (Map<String, String> r : sweep) {
        if (r.get("arm").equals(arm)) assertEquals(r.get("setting").equals(best), Boolean.parseBoolean(r.get("picked")), r.toString());
      }
    }
    // The compared runs are the picked ones.
    List<Map<String, String>> runs = csv(out.resolve("runs.csv"));
    assertEquals(4, runs.size());
    for (Map<String, String> r : runs) assertEquals(picks.get(r.get("arm")), r.get("setting"), r.toString());

    // The default threshold: the picked random start's median final validation accuracy less half a point.
    double randomMedian = sweep.stream().filter(r -> r.get("arm").equals("random") && r.get("setting").equals(picks.get("random")))
        .mapToDouble(r -> Double.parseDouble(r.get("end_validation"))).average().orElseThrow();
    List<Map<String, String>> thresholds = csv(out.resolve("thresholds.csv"));
    assertEquals(1, thresholds.size());
    assertEquals(randomMedian - 0.005, Double.parseDouble(thresholds.get(0).get("threshold")), 1e-9);
    assertEquals("true", thresholds.get(0).get("default"));
    // The curve is drawn where both arms got there at some threshold; at the default one, then, it must be.
    // (The random start runs for nested iteration's wall time, so its accuracy, and with it the threshold,
    // moves with the machine's load.)
    if (!thresholds.get(0).get("speedup").isEmpty()) { // empty: no seed where both got there
      assertNotNull(ImageIO.read(out.resolve("speedup_vs_threshold.png").toFile()));
    }
    String summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("## Fair comparison: both arms tuned, timed to validation thresholds"), summary);
    assertTrue(summary.contains("| random | train.lbfgsMemory=" + picks.get("random").split("=")[1] + " | 2 |"), summary);
  }

  @Test
  void sparkEngineGivesTheSameAccuraciesAsTheInJvmEngine() throws IOException {
    List<String> mgrit = List.of("study.seeds = 3", "study.arms = nested,random", "propagation = mgrit",
        "mgrit.mode = oneshot", "nested.epochs = 2,3");
    Path conf = config("mgrit.conf", mgrit);
    Path jvm = tmp.resolve("jvm"), spark = tmp.resolve("spark");
    assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", jvm.toString(), "--master",
        "local[2]", "mgrit.engine=jvm"));
    assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", spark.toString(), "--master",
        "local[2]", "mgrit.engine=stages", "mgrit.layerPartitions=2"));
    List<Map<String, String>> a = csv(jvm.resolve("runs.csv")), b = csv(spark.resolve("runs.csv"));
    // The random start's end depends on wall time; its equal-cost reading and nested iteration's end do not.
    for (String[] reading : new String[][] {{"nested", "end_target"}, {"nested", "end_validation"},
        {"random", "equal_cost_target"}, {"random", "equal_cost_validation"}}) {
      assertEquals(find(a, reading[0], "base", "3").get(reading[1]), find(b, reading[0], "base", "3").get(reading[1]),
          reading[0] + " " + reading[1]);
    }
    assertTrue(Double.parseDouble(find(a, "nested", "base", "3").get("mgrit_forward_iterations").split(";")[0]) > 0,
        "MGRIT iterations per level are reported");
  }

  @Test
  void withTheDataSeedFixedTheDataAreLoadedOncePerStudy() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("StudyNestedCommandTest").getOrCreate();
    Set<Integer> loaded = ConcurrentHashMap.newKeySet();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        // Blocks.distribute counts the training blocks it has just cached, and the checkpoint that
        // cuts their lineage writes them in a second job: both jobs' stages name the same RDD.
        job.stageInfos().foreach(stage -> {
          if (stage.name().startsWith("count at Blocks.java")) loaded.add(stage.rddInfos().head().id());
          return null;
        });
      }
    });
    try {
      Path conf = config("seeds.conf", List.of("study.seeds = 1,2,3", "study.arms = nested"));
      assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", tmp.resolve("a").toString()));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(3, loaded.size(), "each seed draws its own data");
      loaded.clear();
      assertEquals(0, Main.execute("study", "nested", "--config", conf.toString(), "--out", tmp.resolve("b").toString(),
          "data.seed=7"));
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(1, loaded.size(), "the same data for every seed");
      assertTrue(spark.sparkContext().getPersistentRDDs().isEmpty(), "the study unpersists its data");
    } finally {
      spark.stop();
    }
  }

  @Test
  void aStudyWithoutNestedIterationIsRefusedBeforeSparkStarts() throws IOException {
    Path conf = config("flat.conf", List.of("nested.levels = 1", "nested.epochs = 5"));
    assertEquals(2, Main.execute("study", "nested", "--config", conf.toString(), "--out", tmp.resolve("x").toString()));
    Path bad = config("bad.conf", List.of("study.sweep = init.opn=2"));
    assertEquals(2, Main.execute("study", "nested", "--config", bad.toString(), "--out", tmp.resolve("y").toString()));
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  private static double sampleStd(double[] v) {
    double mean = java.util.Arrays.stream(v).average().orElseThrow(), ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return Math.sqrt(ss / (v.length - 1));
  }

  private Path config(String name, List<String> extra) throws IOException {
    List<String> lines = new ArrayList<>(TINY);
    lines.addAll(extra);
    return Files.write(tmp.resolve(name), lines);
  }

  private static long count(List<Map<String, String>> runs, String arm) {
    return runs.stream().filter(r -> r.get("arm").equals(arm)).count();
  }

  private static Map<String, String> find(List<Map<String, String>> runs, String arm, String caseName, String seed) {
    return runs.stream().filter(r -> r.get("arm").equals(arm) && r.get("case").equals(caseName) && r.get("seed").equals(seed))
        .findFirst().orElseThrow(() -> new AssertionError("no " + arm + " run for " + caseName + ", seed " + seed));
  }

  /** runs.csv, whose fields here hold no commas (case names are key=value of one value). */
  private static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(header.length, f.length, line);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.length; i++) m.put(header[i], f[i]);
      rows.add(m);
    }
    return rows;
  }
}
