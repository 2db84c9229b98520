package org.layerbraid.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run in the project directory with the submit script's defaults rather than this JVM's
 * settings: no installed Spark, no BLAS thread count, no extra spark-submit arguments, unless the
 * test gives them.
 */
record ProjectCommand(int exitCode, List<String> out, String err) {
  static final Path ROOT = Path.of("").toAbsolutePath();
  /** Lays out Airflow's spark-submit command, and splits a printed command line as a shell would. */
  static final String AIRFLOW_HELPER = ROOT.resolve("src/test/python/airflow_submit_command.py").toString();

  static ProjectCommand run(List<String> cmd, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    Map<String, String> environment = pb.environment();
    environment.remove("SPARK_HOME");
    environment.remove("OPENBLAS_NUM_THREADS");
    environment.remove("LAYERBRAID_SUBMIT_ARGS");
    environment.remove("HADOOP_CONF_DIR");
    environment.remove("YARN_CONF_DIR");
    environment.remove("LAYERBRAID_PROJECT_DIR");
    environment.remove("LAYERBRAID_SPARK_CONN_ID");
    // Byte code goes to target/, not next to the sources.
    environment.put("PYTHONPYCACHEPREFIX", ROOT.resolve("target/pycache").toString());
    environment.putAll(env);
    Path err = Files.createTempFile("project-command", ".err");
    pb.redirectError(err.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd.get(0) + (cmd.get(0).equals("python3")
          ? ": python3 is needed by the submit tests, to check the Airflow DAG and split printed commands"
            + " (Debian: apt-get install python3; .ci/run installs it)"
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
    return new ProjectCommand(p.exitValue(), out.lines().toList(), errors);
  }

  /**
   * The spark-submit command, word by word, that {@code submit/layerbraid --dry-run ...} ({@code script})
   * prints as one line.
   */
  static List<String> dryRun(List<String> script, Map<String, String> env) throws IOException, InterruptedException {
    List<String> printed = lines(script, "", env);
    assertEquals(1, printed.size(), "--dry-run prints the command as one line: " + printed);
    return lines(List.of("python3", AIRFLOW_HELPER, "split"), printed.get(0), Map.of());
  }

  /** The standard output's lines of a command that must exit 0. */
  static List<String> lines(List<String> cmd, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProjectCommand r = run(cmd, stdin, env);
    if (r.exitCode != 0) throw new AssertionError(String.join(" ", cmd) + " failed:\n" + r.err);
    return r.out;
  }
}
