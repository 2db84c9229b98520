package org.layerbraid.cli;

import java.io.UncheckedIOException;
import org.layerbraid.model.DivergenceException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.layerbraid.settings.Spelling;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

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

  /**
   * Runs a command and returns its exit code: 0 done, 2 a user error (a bad option, value, file or
   * row), 3 a run that diverged. Either error is printed as one line, not a stack trace; one thrown
   * inside a Spark task arrives wrapped in Spark's job failure, and is dug out of it.
   */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof DivergenceException) return report(cmd, t, 3);
        if (t instanceof IllegalArgumentException || t instanceof UncheckedIOException) return report(cmd, t, 2);
      }
      throw e;
    });
    cli.setParameterExceptionHandler(Main::badArguments);
    return cli.execute(args);
  }

  private static int report(CommandLine cmd, Throwable t, int code) {
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    cmd.getErr().println("layerbraid: " + message.strip().replaceAll("\\s*\\R\\s*", " "));
    return code;
  }

  /**
   * The message, then the nearest command or option by spelling, else the usage. Picocli's own
   * suggestions compare letter pairs and offered "mgrit" for "trian".
   */
  private static int badArguments(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("layerbraid: " + e.getMessage());
    String suggestion = null;
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      List<String> names = new ArrayList<>();
      if (word.startsWith("-")) {
        for (OptionSpec o : cmd.getCommandSpec().options()) names.addAll(List.of(o.names()));
      } else {
        names.addAll(cmd.getSubcommands().keySet());
      }
      suggestion = Spelling.closest(word.replaceFirst("=.*", ""), names, 2).orElse(null);
    }
    if (suggestion != null) {
      err.println("Did you mean: " + cmd.getCommandSpec().qualifiedName() + " " + suggestion + "?");
    } else {
      cmd.usage(err);
    }
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }
}
