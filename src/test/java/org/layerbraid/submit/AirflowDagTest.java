package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Airflow DAGs ({@code submit/airflow/}) submit what {@code submit/layerbraid} submits. Airflow
 * cannot be installed here, so the DAG file is loaded as Airflow's DagBag loads it against stubs of
 * the few Airflow classes it uses ({@code src/test/python/airflow_stubs}), and the command a task
 * runs — laid out from the operator arguments the jobs module gives the DAG, the way Airflow's
 * SparkSubmitHook does ({@code src/test/python/airflow_submit_command.py}) — must equal, word by
 * word, the command the script prints with {@code --dry-run} for the same job.
 */
class AirflowDagTest {
  static final Path ROOT = ProjectCommand.ROOT;
  static final String HELPER = ProjectCommand.AIRFLOW_HELPER;
  static final String LOADER = ROOT.resolve("src/test/python/load_dag.py").toString();

  @TempDir Path dagsFolder;

  @Test
  void theScheduledDagTrainsAndTheStudyIsTriggeredByHand() throws Exception {
    List<String> facts = run(List.of("python3", LOADER, "submit/airflow/layerbraid_dag.py"), "");
    for (String dag : List.of("layerbraid_train", "layerbraid_study")) {
      assertTrue(facts.contains("dag " + dag + " retries=2 retry_delay=0:05:00 execution_timeout=2:00:00"), facts.toString());
    }
    assertTrue(facts.contains("dag layerbraid_train schedule=@daily catchup=False max_active_runs=1"), facts.toString());
    assertTrue(facts.contains("dag layerbraid_study schedule=None catchup=False max_active_runs=1"), facts.toString());
    assertTrue(facts.contains("dag layerbraid_train params=[('config', 'conf/peaks.conf'), ('overrides', [])]"), facts.toString());
    // One task each, the DAG's retries reaching it, the connection not templated (a private field).
    assertTrue(facts.contains("task layerbraid_train.train conn_id=spark_default retries=2 conn_id_templated=False"),
        facts.toString());
    assertTrue(facts.contains("task layerbraid_study.study_nested conn_id=spark_default retries=2 conn_id_templated=False"),
        facts.toString());
    assertEquals(2, facts.stream().filter(f -> f.endsWith("conn_id_templated=False")).count(), facts.toString());
    // dag_run.conf's overrides reach the command; train's retry continues from its checkpoint, the study starts again.
    assertTrue(facts.contains("task layerbraid_train.train retry with overrides=['--resume', 'train.epochs=3']"),
        facts.toString());
    assertTrue(facts.contains("task layerbraid_study.study_nested retry with overrides=['train.epochs=3']"),
        facts.toString());
  }

  @Test
  void aCopiedDagFindsTheCheckoutThroughTheEnvironmentOrSaysSo() throws Exception {
    Path copy = Files.copy(ROOT.resolve("submit/airflow/layerbraid_dag.py"), dagsFolder.resolve("layerbraid_dag.py"));
    List<String> alone = run(List.of("python3", LOADER, copy.toString()), "");
    assertEquals(1, alone.size(), alone.toString());
    assertTrue(alone.get(0).startsWith("import error: layerbraid: set LAYERBRAID_PROJECT_DIR to the layerbraid checkout"),
        alone.toString());
    List<String> told = ProjectCommand.lines(List.of("python3", LOADER, copy.toString()), "",
        Map.of("LAYERBRAID_PROJECT_DIR", ROOT.toString()));
    assertTrue(told.contains("dag layerbraid_train schedule=@daily catchup=False max_active_runs=1"), told.toString());
  }

  @Test
  void dagAndJobsModuleCompile() throws Exception {
    run(List.of("python3", "-m", "py_compile", "submit/airflow/layerbraid_dag.py",
        "submit/airflow/layerbraid_jobs.py", HELPER, LOADER), "");
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
