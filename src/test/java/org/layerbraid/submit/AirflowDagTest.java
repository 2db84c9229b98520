package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Airflow DAG ({@code submit/airflow/}) submits what {@code submit/layerbraid} submits. Airflow
 * is not installed here, so the DAG and its jobs module are compiled with {@code python3}, and the
 * command a DAG task runs — laid out from the operator arguments the jobs module gives the DAG, the
 * way Airflow's SparkSubmitHook does ({@code src/test/python/airflow_submit_command.py}) — must
 * equal, word by word, the command the script prints with {@code --dry-run} for the same job.
 */
class AirflowDagTest {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final String HELPER = ROOT.resolve("src/test/python/airflow_submit_command.py").toString();

  @Test
  void dagAndJobsModuleCompile() throws Exception {
    run(List.of("python3", "-m", "py_compile", "submit/airflow/layerbraid_dag.py",
        "submit/airflow/layerbraid_jobs.py", HELPER), "");
  }

  @ParameterizedTest
  @CsvSource({"train, local[*], ''", "study_nested, spark://127.0.0.1:7077, client"})
  void aDagTaskSubmitsWhatTheScriptSubmits(String job, String master, String deployMode) throws Exception {
    String project = ROOT.toString(), runDir = ROOT.resolve("target/airflow-runs/2025-01-01").toString();
    List<String> jobArgs = run(List.of("python3", HELPER, "args", job, project, runDir), "");

    List<String> airflow = new ArrayList<>(List.of("python3", HELPER, "command", job, project, runDir, master));
    if (!deployMode.isEmpty()) airflow.add(deployMode);
    List<String> airflowCommand = run(airflow, "");

    List<String> script = new ArrayList<>(List.of("submit/layerbraid", "--dry-run", "--master", master));
    if (!deployMode.isEmpty()) script.addAll(List.of("--deploy-mode", deployMode));
    script.addAll(jobArgs);
    List<String> printed = run(script, "");
    assertEquals(1, printed.size(), "--dry-run prints the command as one line: " + printed);
    List<String> scriptCommand = run(List.of("python3", HELPER, "split"), printed.get(0));

    assertEquals(airflowCommand, scriptCommand, "Airflow task " + job + " and submit/layerbraid differ");
    // Not two empty or truncated lists agreeing: the shared arguments and the job's own are there.
    assertEquals("OPENBLAS_NUM_THREADS=1", scriptCommand.get(0));
    assertTrue(scriptCommand.containsAll(List.of("--class", "org.layerbraid.cli.Main",
        ROOT.resolve("target/layerbraid-0.1.0-SNAPSHOT.jar").toString())), scriptCommand.toString());
    assertEquals(jobArgs, scriptCommand.subList(scriptCommand.size() - jobArgs.size(), scriptCommand.size()));
  }

  /** Runs a command in the project directory and returns its standard output's lines; it must exit 0. */
  private static List<String> run(List<String> cmd, String stdin) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    Map<String, String> env = pb.environment();
    // The script's defaults, not this JVM's settings: no installed Spark, the environment the file gives.
    env.remove("SPARK_HOME");
    env.remove("OPENBLAS_NUM_THREADS");
    env.remove("LAYERBRAID_SUBMIT_ARGS");
    // Byte code goes to target/, not next to the sources.
    env.put("PYTHONPYCACHEPREFIX", ROOT.resolve("target/pycache").toString());
    Path err = Files.createTempFile("airflow-dag-test", ".err");
    pb.redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd.get(0) + (cmd.get(0).equals("python3")
          ? ": python3 is needed to check the Airflow DAG (Debian: apt-get install python3; .ci/run installs it)"
          : ""), e);
    }
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in 2 minutes");
    }
    String errors = Files.readString(err);
    Files.delete(err);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + errors);
    return out.lines().toList();
  }
}
