package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code submit/layerbraid --dry-run} hands spark-submit for YARN, read from the printed command. */
class SubmitScriptTest {
  static final List<String> CLUSTER_TRAIN = List.of("submit/layerbraid", "--dry-run", "--master", "yarn",
      "--deploy-mode", "cluster", "train", "--config", "conf/peaks.conf", "--out", "hdfs:///user/me/peaks");

  @TempDir Path hadoopConf;

  @BeforeEach
  void aYarnSiteTheScriptFinds() throws Exception {
    Files.writeString(hadoopConf.resolve("yarn-site.xml"), "<configuration/>");
  }

  @Test
  void theUsersFilesAreShippedBesidesTheConfigNotInsteadOfIt() throws Exception {
    List<String> cmd = submitted(Map.of("LAYERBRAID_SUBMIT_ARGS",
        "--files /data/labels.txt,hdfs:///shared/extra.conf --driver-memory 2g --files=/data/more.txt"));

    assertEquals(1, Collections.frequency(cmd, "--files"), "spark-submit keeps only the last --files: " + cmd);
    Path root = ProjectCommand.ROOT;
    assertEquals(List.of(root.resolve("conf/log4j2.properties").toString(), root.resolve("conf/peaks.conf").toString(),
        "/data/labels.txt", "hdfs:///shared/extra.conf", "/data/more.txt"),
        List.of(cmd.get(cmd.indexOf("--files") + 1).split(",")));
    int memory = cmd.indexOf("--driver-memory");
    assertTrue(memory > 0 && cmd.get(memory + 1).equals("2g"), "the user's other options stay: " + cmd);
    assertTrue(cmd.stream().noneMatch(a -> a.startsWith("--files=")), cmd.toString());
    // The driver in its container finds the config under its shipped name.
    assertEquals(List.of("train", "--config", "peaks.conf", "--out", "hdfs:///user/me/peaks"),
        cmd.subList(cmd.size() - 5, cmd.size()));
  }

  @Test
  void withoutTheUsersFilesOnlyTheScriptsOwnAreShipped() throws Exception {
    List<String> cmd = submitted(Map.of());
    Path root = ProjectCommand.ROOT;
    assertEquals(root.resolve("conf/log4j2.properties") + "," + root.resolve("conf/peaks.conf"),
        cmd.get(cmd.indexOf("--files") + 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"evaluate --model hdfs:///m --config conf/peaks.conf", "study nested --config=conf/peaks-study.conf"})
  void everyCommandWithAConfigShipsIt(String command) throws Exception {
    List<String> script = new java.util.ArrayList<>(CLUSTER_TRAIN.subList(0, 6));
    script.addAll(List.of(command.split(" ")));
    List<String> cmd = ProjectCommand.dryRun(script, Map.of("HADOOP_CONF_DIR", hadoopConf.toString()));

    String config = command.replaceFirst(".*--config[ =]", "");
    assertTrue(List.of(cmd.get(cmd.indexOf("--files") + 1).split(",")).contains(ProjectCommand.ROOT.resolve(config).toString()),
        cmd.toString());
    String shipped = Path.of(config).getFileName().toString();
    assertTrue(cmd.contains(shipped) || cmd.contains("--config=" + shipped), "the driver reads the shipped copy: " + cmd);
  }

  @Test
  void theDriversJavaOptionsAreGivenOnceAndNameTheShippedLogConfig() throws Exception {
    List<String> conf = submitted(Map.of()).stream().filter(a -> a.startsWith("spark.driver.extraJavaOptions=")).toList();
    assertEquals(List.of("spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=log4j2.properties"), conf);
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit/standalone-start", "submit/standalone-stop"})
  void theStandaloneScriptsAnswerHelpAndActOnNoUnknownOption(String script) throws Exception {
    Path dir = hadoopConf.resolve("standalone");
    Files.createDirectories(dir);
    Path pid = Files.writeString(dir.resolve("master.pid"), "999999999");
    ProjectCommand help = ProjectCommand.run(List.of(script, "--help", "--dir", dir.toString()), "", Map.of());
    assertEquals(0, help.exitCode(), help.err());
    assertTrue(help.out().get(0).startsWith("usage: " + script), help.out().toString());
    ProjectCommand typo = ProjectCommand.run(List.of(script, "--dri", dir.toString()), "", Map.of());
    assertEquals(2, typo.exitCode(), typo.err());
    assertTrue(typo.err().contains("unknown option --dri"), typo.err());
    assertTrue(Files.exists(pid), "the recorded cluster was left alone");
  }

  @Test
  void filesWithoutAListIsRefusedNamingTheVariable() throws Exception {
    ProjectCommand r = ProjectCommand.run(CLUSTER_TRAIN, "",
        Map.of("HADOOP_CONF_DIR", hadoopConf.toString(), "LAYERBRAID_SUBMIT_ARGS", "--driver-memory 2g --files"));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--files in LAYERBRAID_SUBMIT_ARGS needs a comma-separated list"), r.err());
  }

  private List<String> submitted(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("HADOOP_CONF_DIR", hadoopConf.toString());
    return ProjectCommand.dryRun(CLUSTER_TRAIN, all);
  }
}
