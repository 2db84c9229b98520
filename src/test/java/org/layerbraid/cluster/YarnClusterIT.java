package org.layerbraid.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.TestData;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.report.MetricsWriter;

/**
 * Training on a real YARN cluster — a ResourceManager and a NodeManager in this JVM, the
 * ApplicationMaster and executors in containers of their own — in client mode, through
 * {@code submit/layerbraid} with HADOOP_CONF_DIR and the example {@code conf/spark-defaults.conf},
 * as a user runs it: YARN reports the application as succeeded and the model equals local mode's.
 */
class YarnClusterIT {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DIR = ROOT.resolve("target/it-yarn");
  static MiniYarn yarn;

  /** The users' Peaks configuration, shrunk: 250 points, 40 L-BFGS steps, the gradients summed on the executors. */
  static final List<String> TRAINING = List.of("--config", "conf/peaks.conf", "peaks.trainPerClass=50",
      "peaks.validationPerClass=8", "train.epochs=40", "train.progressEvery=10", "train.gradients=spark");

  @BeforeAll
  static void startYarn() throws Exception {
    deleteTree(DIR);
    long start = System.nanoTime();
    yarn = MiniYarn.start("YarnClusterIT", DIR.resolve("hadoop-conf"));
    System.out.printf("YARN up after %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stopYarn() throws InterruptedException {
    if (yarn != null) yarn.close();
    // Containers are child processes of this JVM: none may outlive the cluster.
    List<ProcessHandle> left = List.of();
    for (int i = 0; i < 50; i++) {
      left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
      if (left.isEmpty()) return;
      Thread.sleep(200);
    }
    List<String> described = left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    left.forEach(ProcessHandle::destroyForcibly);
    throw new AssertionError("processes outlived the YARN cluster: " + described);
  }

  @Test
  void clientModeTrainsOnYarnAsInLocalMode() throws Exception {
    Path yarnOut = DIR.resolve("client-run"), localOut = DIR.resolve("local-run"), events = DIR.resolve("events");
    Files.createDirectories(events);
    Run onYarn = submit("yarn-client", yarnEnv(events), "--master", "yarn", "--deploy-mode", "client",
        "--properties-file", "conf/spark-defaults.conf", "train", "--out", yarnOut.toString());
    assertEquals(0, onYarn.exit(), "training on YARN failed: " + onYarn.tail());
    assertTrue(onYarn.stderr().contains("spark-submit --master yarn ") && onYarn.stderr().contains(" --deploy-mode client "),
        "the script prints the spark-submit command it runs: " + onYarn.tail());

    // The event log (enabled by spark-defaults.conf) is named by the YARN application's id.
    List<String> logs;
    try (Stream<Path> files = Files.list(events)) {
      logs = files.map(f -> f.getFileName().toString()).toList();
    }
    assertEquals(1, logs.size(), "one event log: " + logs);
    Matcher id = Pattern.compile("application_\\d+_\\d+").matcher(logs.get(0));
    assertTrue(id.find(), "event log " + logs.get(0) + " is not named by a YARN application");
    ApplicationReport app = yarn.applications().stream()
        .filter(a -> a.getApplicationId().toString().equals(id.group())).findFirst()
        .orElseThrow(() -> new AssertionError("YARN does not know the application of event log " + logs.get(0)));
    assertEquals("layerbraid train", app.getName());
    assertEquals(YarnApplicationState.FINISHED, app.getYarnApplicationState());
    assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus());

    Run local = submit("local", Map.of(), "--master", "local[2]", "train", "--out", localOut.toString());
    assertEquals(0, local.exit(), "training in local mode failed: " + local.tail());
    Map<String, Object> yarnMetrics = MetricsWriter.readMetrics(yarnOut.resolve("metrics.json"));
    Map<String, Object> localMetrics = MetricsWriter.readMetrics(localOut.resolve("metrics.json"));
    double accuracy = ((Number) yarnMetrics.get("train_accuracy")).doubleValue();
    assertTrue(accuracy > 0.6, "a trained model separates the five classes better than chance: " + accuracy);
    for (String key : List.of("train_accuracy", "validation_accuracy", "grid_accuracy")) {
      assertEquals(localMetrics.get(key), yarnMetrics.get(key), key);
    }
    // Not bit for bit: Spark starts YARN executors with jdk.incubator.vector, so their BLAS sums in
    // another order than the local JVM's (measured: 2e-13 relative after 40 steps).
    double localLoss = ((Number) localMetrics.get("train_loss")).doubleValue();
    assertEquals(localLoss, ((Number) yarnMetrics.get("train_loss")).doubleValue(), 1e-9 * localLoss, "train_loss");
    ModelFiles.Loaded onCluster = ModelFiles.load(yarnOut.resolve("model").toString(), new Configuration());
    ModelFiles.Loaded inLocal = ModelFiles.load(localOut.resolve("model").toString(), new Configuration());
    assertEquals(inLocal.shape(), onCluster.shape());
    double diff = TestData.relDiff(inLocal.theta(), onCluster.theta());
    assertTrue(diff <= 1e-9, "YARN and local parameters differ: " + diff);
  }

  @Test
  void yarnWithoutHadoopConfigurationIsRefusedByName() throws Exception {
    Run run = submit("yarn-no-conf", Map.of("HADOOP_CONF_DIR", "", "YARN_CONF_DIR", ""),
        "--master", "yarn", "train");
    assertEquals(2, run.exit(), run.tail());
    assertTrue(run.stderr().contains("--master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR"), run.tail());
  }

  /**
   * The cluster through HADOOP_CONF_DIR, as on any YARN cluster. No SPARK_HOME: the script's own
   * way, Spark from the Maven classpath, is what is tested; since the NodeManager is on this machine
   * the jars are named {@code local:} rather than copied into every container (400 MB, which took
   * over a minute here). The rest fits Spark into the 4 GB NodeManager (two 1 GB containers:
   * application master, one executor) and keeps it on 127.0.0.1.
   */
  private static Map<String, String> yarnEnv(Path events) {
    String conf = String.join(" ", "--conf spark.yarn.jars=local:" + ROOT.resolve("target/yarn-jars") + "/*",
        "--conf spark.driver.memory=512m", "--conf spark.executor.memory=512m", "--conf spark.yarn.am.memory=512m",
        "--conf spark.executor.instances=1", "--conf spark.executor.cores=2",
        "--conf spark.eventLog.dir=" + events.toUri(), "--conf spark.ui.enabled=false",
        "--conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1", "--conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1");
    return Map.of("HADOOP_CONF_DIR", yarn.confDir().toString(), "YARN_CONF_DIR", "", "SPARK_HOME", "",
        "LAYERBRAID_SUBMIT_ARGS", conf, "LAYERBRAID_DRIVER_MEMORY", "1g", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  record Run(int exit, String stderr) {
    String tail() {
      List<String> lines = stderr.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
  }

  /** Runs submit/layerbraid with the training arguments; an empty value removes a variable from its environment. */
  private static Run submit(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("submit/layerbraid"));
    cmd.addAll(List.of(args));
    cmd.addAll(TRAINING);
    Files.createDirectories(DIR);
    Path out = DIR.resolve(name + ".out"), err = DIR.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    env.forEach((k, v) -> {
      if (v.isEmpty()) pb.environment().remove(k);
      else pb.environment().put(k, v);
    });
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in 5 minutes; see " + err);
    }
    System.out.printf("%s: exit %d after %.1f s%n", name, p.exitValue(), (System.nanoTime() - start) / 1e9);
    return new Run(p.exitValue(), Files.readString(err));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
