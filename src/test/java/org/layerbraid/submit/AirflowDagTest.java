package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  static final Path ROOT = ProjectCommand.ROOT;
  static final String HELPER = ProjectCommand.AIRFLOW_HELPER;

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
    List<String> scriptCommand = ProjectCommand.dryRun(script, Map.of());

    assertEquals(airflowCommand, scriptCommand, "Airflow task " + job + " and submit/layerbraid differ");
    // Not two empty or truncated lists agreeing: the shared arguments and the job's own are there.
    assertEquals("OPENBLAS_NUM_THREADS=1", scriptCommand.get(0));
    assertTrue(scriptCommand.containsAll(List.of("--class", "org.layerbraid.cli.Main",
        ROOT.resolve("target/layerbraid-0.1.0-SNAPSHOT.jar").toString())), scriptCommand.toString());
    assertEquals(jobArgs, scriptCommand.subList(scriptCommand.size() - jobArgs.size(), scriptCommand.size()));
  }

  private static List<String> run(List<String> cmd, String stdin) throws IOException, InterruptedException {
    return ProjectCommand.lines(cmd, stdin, Map.of());
  }
}
