package org.layerbraid.cluster;

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
import org.junit.jupiter.api.Test;
import org.layerbraid.TestData;
import org.layerbraid.model.ModelFiles;

/**
 * A real standalone cluster — a Master and two Workers on 127.0.0.1, started by the script users
 * run, from the project's own classpath — trains a small layer-parallel network (MGRIT on the
 * Spark engine) through {@code submit/layerbraid}, and the result equals the local-mode run's.
 */
class StandaloneClusterIT {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path DIR = ROOT.resolve("target/it-standalone");
  static String master;

  static final List<String> TRAINING = List.of("--config", "conf/peaks.conf", "peaks.trainPerClass=40",
      "peaks.validationPerClass=8", "model.layers=16", "train.epochs=4", "train.optimizer=adam", "train.progressEvery=1",
      "propagation=mgrit", "mgrit.engine=spark", "mgrit.layerPartitions=2", "mgrit.dataShards=2",
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

  private static void train(String m, Path out) throws Exception {
    // --overwrite: an earlier run of this test left its results in target/.
    List<String> cmd = new ArrayList<>(List.of("submit/layerbraid", "train", "--master", m, "--out", out.toString(),
        "--overwrite"));
    cmd.addAll(TRAINING);
    Process p = run(cmd, "train-" + safe(m));
    assertEquals(0, p.exitValue(), "training on " + m + " failed; see target/it-train-" + safe(m) + ".err");
    assertTrue(Files.exists(out.resolve("metrics.json")));
  }

  private static String safe(String s) { return s.replaceAll("[^A-Za-z0-9]+", "_"); }

  private static Process run(List<String> cmd, String name) throws IOException, InterruptedException {
    Files.createDirectories(DIR);
    File log = DIR.getParent().resolve("it-" + name + ".out").toFile();
    Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(false)
        .redirectOutput(log).redirectError(DIR.getParent().resolve("it-" + name + ".err").toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in 10 minutes");
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
