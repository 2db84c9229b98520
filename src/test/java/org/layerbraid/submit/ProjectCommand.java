package org.layerbraid.submit;

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

  static ProjectCommand run(List<String> cmd, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    Map<String, String> environment = pb.environment();
    environment.remove("SPARK_HOME");
    environment.remove("OPENBLAS_NUM_THREADS");
    environment.remove("LAYERBRAID_SUBMIT_ARGS");
    environment.remove("HADOOP_CONF_DIR");
    environment.remove("YARN_CONF_DIR");
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

  /** The standard output's lines of a command that must exit 0. */
  static List<String> lines(List<String> cmd, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProjectCommand r = run(cmd, stdin, env);
    if (r.exitCode != 0) throw new AssertionError(String.join(" ", cmd) + " failed:\n" + r.err);
    return r.out;
  }
}
