package org.layerbraid.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbraid.TestData;
import org.layerbraid.model.ModelFiles;

/**
 * A real standalone cluster — a Master and two Workers on 127.0.0.1, started by the script users
 * run, from the project's own classpath — trains a small layer-parallel network (MGRIT on the
 * Spark engine) through {@code submit/layerbraid}, and the result equals the local-mode run's.
 * Fault injection: an executor JVM, or a whole worker's, killed with {@code kill -9} mid-training,
 * which the run survives with the undisturbed run's result.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DIR = ROOT.resolve("target/it-standalone");
  static String master;

  static final List<String> TRAINING = List.of("--config", "conf/peaks.conf", "peaks.trainPerClass=40",
      "peaks.validationPerClass=8", "model.layers=16", "train.epochs=4", "train.optimizer=adam", "train.progressEvery=1",
      "propagation=mgrit", "mgrit.engine=stages", "mgrit.layerPartitions=2", "mgrit.dataShards=2",
      "mgrit.forwardIterations=2", "mgrit.backwardIterations=1");

  @BeforeAll
  static void startCluster() throws Exception {
    int port = freePort(), webui = freePort();
    Process p = run(List.of("submit/standalone-start", "--workers", "2", "--cores", "1", "--memory", "1g",
        "--port", String.valueOf(port), "--webui-port", String.valueOf(webui), "--dir", DIR.toString()), "start");
    List<String> out = Files.readAllLines(DIR.getParent().resolve("it-start.out"));
    assertEquals(0, p.exitValue(), "standalone-start failed: " + out);
    master = out.get(out.size() - 1).strip();
    assertEquals("spark://127.0.0.1:" + port, master);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    List<Long> pids = new ArrayList<>();
    try (var files = Files.list(DIR)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) pids.add(Long.parseLong(Files.readString(f).strip()));
    }
    run(List.of("submit/standalone-stop", "--dir", DIR.toString()), "stop");
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
    }
  }

  @Test
  void layerParallelTrainingOnTheClusterEqualsLocalMode() throws Exception {
    Path clusterOut = ROOT.resolve("target/it-cluster-run"), localOut = ROOT.resolve("target/it-local-run");
    train(master, clusterOut);
    train("local[2]", localOut);
    ModelFiles.Loaded cluster = ModelFiles.load(clusterOut.resolve("model").toString(), new Configuration());
    ModelFiles.Loaded local = ModelFiles.load(localOut.resolve("model").toString(), new Configuration());
    assertEquals(local.shape(), cluster.shape());
    double diff = TestData.relDiff(local.theta(), cluster.theta());
    assertTrue(diff <= 1e-12, "cluster and local parameters differ: " + diff);
    String log = Files.readString(DIR.getParent().resolve("it-train-" + safe(master) + ".err"));
    assertTrue(log.contains("--master " + master), "the script prints the spark-submit command it runs");
  }

  /** Small runs of each propagation; long enough (in epochs) that an executor dies while they train. */
  static List<String> faultRun(String propagation) {
    List<String> args = new ArrayList<>(List.of("--config", "conf/peaks.conf", "peaks.trainPerClass=40",
        "peaks.validationPerClass=8", "model.layers=8", "train.optimizer=adam", "train.progressEvery=1",
        "train.gradients=spark")); // the executors sum the gradients, so that losing one matters
    switch (propagation) {
      case "serial" -> args.addAll(List.of("propagation=serial", "train.epochs=40"));
      // Examples read from a file by the executors, minibatches: each epoch one barrier stage.
      case "file" -> args.addAll(List.of("data.kind=libsvm", "data.path=" + ROOT.resolve("data/peaks-sample.libsvm"),
          "propagation=serial", "train.batchSize=30", "train.epochs=15"));
      case "stages", "resident" -> args.addAll(List.of("train.epochs=8", "propagation=mgrit", "mgrit.engine=" + propagation,
          "mgrit.layerPartitions=2", "mgrit.dataShards=1", "mgrit.forwardIterations=2", "mgrit.backwardIterations=1"));
      default -> throw new IllegalArgumentException(propagation);
    }
    return args;
  }

  /**
   * How far a resident-engine run may end from the undisturbed one: the solves that found fewer task
   * slots than tasks ran on the stage engine, whose states equal the resident engine's to about 1e-12
   * per solve (sums in another order); 8 epochs of Adam carry that to the weights, well within this.
   */
  static final double ROUND_OFF = 1e-9;

  /**
   * kill -9 of worker 1's executor once the run has printed epoch 2; the worker then starts another
   * executor (the application still wants its cores). Same partitioning, same numbers: the model must
   * equal the undisturbed local-mode run's bit for bit; on the resident engine to {@link #ROUND_OFF},
   * since the solves that start (or are rerun) before the new executor is there run on the stage
   * engine, and the later ones resident again. The file case trains in minibatch epochs, each one
   * barrier stage: the one hit is rerun, or taken step by step while the slots are short, with the
   * same numbers either way.
   */
  @ParameterizedTest(name = "propagation {0}")
  @ValueSource(strings = {"serial", "file", "stages", "resident"})
  void trainingSurvivesAnExecutorKilledMidRun(String propagation) throws Exception {
    String log = survives(propagation, "fault-" + propagation, () -> executorOf(workerPid(1)),
        "resident".equals(propagation) ? ROUND_OFF : 0);
    int fellBack = log.indexOf(FELL_BACK);
    if (fellBack >= 0) {
      assertTrue(log.indexOf("MGRIT solves resident again", fellBack) > 0, "the solves went resident again with the new executor");
    }
  }

  static final String FELL_BACK = "MGRIT solves on the stage engine instead";

  /**
   * kill -9 of a worker's JVM itself (its executor exits with it): the two layer partitions go on the
   * other worker's one core, in turn on the stage engine; the resident engine's two tasks no longer
   * fit, so its solves from then on (the one under way included) run on the stage engine, to
   * {@link #ROUND_OFF}. Last, since it takes a worker away: the second case starts the cluster afresh.
   */
  @ParameterizedTest(name = "engine {0}, worker {1}")
  @CsvSource({"stages, 2", "resident, 1"})
  @Order(Integer.MAX_VALUE)
  void layerParallelTrainingSurvivesAWorkerKilledMidRun(String engine, int worker) throws Exception {
    for (int i = 1; i <= 2; i++) {
      if (!ProcessHandle.of(workerPid(i)).map(ProcessHandle::isAlive).orElse(false)) {
        stopCluster();
        startCluster();
        break;
      }
    }
    String log = survives(engine, "worker-loss-" + engine, () -> workerPid(worker), "resident".equals(engine) ? ROUND_OFF : 0);
    if ("resident".equals(engine)) {
      assertTrue(log.contains(FELL_BACK), "the driver's log says where the solves went");
    }
  }

  /** The process to kill, found once the run is under way. */
  private interface Victim {
    long pid() throws IOException;
  }

  /**
   * Kills the victim once the run has printed epoch 2; the run must finish and its model equal the
   * undisturbed local-mode run's (bit for bit when {@code tolerance} is 0, else to that relative
   * difference). Returns the driver's Spark log.
   */
  private static String survives(String propagation, String name, Victim victim, double tolerance) throws Exception {
    Path clusterOut = ROOT.resolve("target/it-" + name), localOut = ROOT.resolve("target/it-calm-" + name);
    Process p = start(trainCommand(master, clusterOut, faultRun(propagation)), name);
    Path out = DIR.getParent().resolve("it-" + name + ".out");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.readString(out).contains("epoch 2/")) {
        assertTrue(p.isAlive(), "the run ended before epoch 2; see " + out);
        assertTrue(System.nanoTime() < deadline, "no epoch 2 in 3 minutes; see " + out);
        Thread.sleep(100);
      }
      long pid = victim.pid();
      Process kill = new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -9 " + pid);
      assertTrue(p.isAlive(), "the run had ended when process " + pid + " was killed: nothing was injected");
      finish(p, name);
    } finally {
      if (p.isAlive()) p.destroyForcibly().waitFor();
    }
    String console = Files.readString(out) + Files.readString(DIR.getParent().resolve("it-" + name + ".err"));
    assertEquals(0, p.exitValue(), "training with a killed process failed: " + console);
    assertFalse(console.contains("locally checkpointed"), "Spark's checkpoint warnings stay off the console");
    String log = sparkLog(console);
    assertTrue(log.contains("Lost executor"), "the driver's Spark log shows the loss");

    train("local[2]", localOut, faultRun(propagation));
    ModelFiles.Loaded cluster = ModelFiles.load(clusterOut.resolve("model").toString(), new Configuration());
    ModelFiles.Loaded local = ModelFiles.load(localOut.resolve("model").toString(), new Configuration());
    assertEquals(local.shape(), cluster.shape());
    if (tolerance == 0) {
      assertArrayEquals(local.theta(), cluster.theta(), "the disturbed run's parameters differ from the undisturbed run's");
    } else {
      double diff = TestData.relDiff(local.theta(), cluster.theta());
      System.out.println(name + ": relative difference from the undisturbed run's parameters " + diff);
      assertTrue(diff <= tolerance, "the disturbed run's parameters differ from the undisturbed run's by " + diff);
    }
    return log;
  }

  private static long workerPid(int i) throws IOException {
    return Long.parseLong(Files.readString(DIR.resolve("worker-" + i + ".pid")).strip());
  }

  /** The executor JVM a worker launched for the application (its child process). */
  private static long executorOf(long worker) {
    return ProcessHandle.of(worker).orElseThrow().descendants().filter(h -> commandLine(h.pid()).contains(
        "CoarseGrainedExecutorBackend")).findFirst().orElseThrow(() -> new AssertionError("worker " + worker
        + " runs no executor")).pid();
  }

  /** From /proc: ProcessHandle.Info leaves out a command line as long as an executor's classpath. */
  private static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
    } catch (IOException gone) {
      return "";
    }
  }

  /** The text of the Spark log file whose path the command printed. */
  private static String sparkLog(String console) throws IOException {
    String marker = "layerbraid: Spark's log: ";
    int at = console.indexOf(marker);
    assertTrue(at >= 0, "the command names its Spark log: " + console);
    int end = console.indexOf('\n', at);
    return Files.readString(Path.of(console.substring(at + marker.length(), end < 0 ? console.length() : end).strip()));
  }

  private static void train(String m, Path out) throws Exception {
    train(m, out, TRAINING);
  }

  private static void train(String m, Path out, List<String> args) throws Exception {
    String name = "train-" + safe(m);
    Process p = run(trainCommand(m, out, args), name);
    assertEquals(0, p.exitValue(), "training on " + m + " failed; see target/it-" + name + ".err");
    assertTrue(Files.exists(out.resolve("metrics.json")));
  }

  private static List<String> trainCommand(String m, Path out, List<String> args) {
    // --overwrite: an earlier run of this test left its results in target/.
    List<String> cmd = new ArrayList<>(List.of("submit/layerbraid", "train", "--master", m, "--out", out.toString(),
        "--overwrite"));
    cmd.addAll(args);
    return cmd;
  }

  private static String safe(String s) { return s.replaceAll("[^A-Za-z0-9]+", "_"); }

  private static Process run(List<String> cmd, String name) throws IOException, InterruptedException {
    return finish(start(cmd, name), String.join(" ", cmd));
  }

  private static Process start(List<String> cmd, String name) throws IOException {
    Files.createDirectories(DIR);
    File log = DIR.getParent().resolve("it-" + name + ".out").toFile();
    return new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(false)
        .redirectOutput(log).redirectError(DIR.getParent().resolve("it-" + name + ".err").toFile()).start();
  }

  private static Process finish(Process p, String what) throws InterruptedException {
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(what + " did not finish in 10 minutes");
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
