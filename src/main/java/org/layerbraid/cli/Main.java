package org.layerbraid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code layerbraid} command: one entry point for spark-submit, scripts and schedulers. */
@Command(name = "layerbraid", mixinStandardHelpOptions = true, version = "layerbraid 0.1.0",
    description = "Layer-parallel training of ODE-ResNets on Apache Spark (MGRIT, nested iteration).",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, StudyCommand.class,
        MgritCommand.class, BenchCommand.class, KeysCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    int code = execute(args);
    // Success returns: in YARN cluster mode the ApplicationMaster runs main in a thread and reports
    // SUCCEEDED when it returns; System.exit(0) would run its shutdown hook first, and YARN would
    // count the run as failed and start it again.
    if (code != 0) System.exit(code);
  }

  /** The command line of every command, with the options added to it at run time. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    SolverOptions.install(cli);
    return cli;
  }

  /** Runs a command and returns its exit code; errors are printed as one clear line, not a stack trace. */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("layerbraid: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
