package org.layerbraid.cli;

import java.util.List;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.settings.Config;
import org.layerbraid.settings.Option;
import org.layerbraid.settings.Options;
import org.layerbraid.settings.RunSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The MGRIT solver's options of the commands that run solves on their own ({@code mgrit scalar},
 * {@code mgrit depth}), named as in XBraid: {@code --maxLevels} is the option {@code mgrit.maxLevels},
 * with its doc and rule, and a default of the command's choosing. Each command that implements
 * {@link Command} gets them when the command line is built.
 */
final class SolverOptions {
  private SolverOptions() {}

  /** A command with the solver's options. */
  interface Command {
    /** The solver the command runs when no option says otherwise. */
    MgritOptions solverDefaults();

    /** Its own spec, where the options were added (picocli's {@code @Spec}). */
    CommandSpec spec();

    /** The solver the options describe; a bad value fails naming the option. */
    default MgritOptions solver() {
      Config c = Config.defaults();
      for (String key : RunSettings.SOLVER_KEYS) {
        String flag = flag(key);
        c = c.withText(key, spec().findOption(flag).getValue(), "option " + flag);
      }
      return RunSettings.solver(c);
    }
  }

  /** Adds the solver's options to every command (and subcommand) of {@code cli} that implements {@link Command}. */
  static void install(CommandLine cli) {
    if (cli.getCommand() instanceof Command solverCommand) {
      List<Object> defaults = RunSettings.solverValues(solverCommand.solverDefaults());
      for (int i = 0; i < RunSettings.SOLVER_KEYS.size(); i++) {
        Option o = Options.find(RunSettings.SOLVER_KEYS.get(i));
        cli.getCommandSpec().addOption(OptionSpec.builder(flag(o.key())).type(String.class).paramLabel("<" + o.type().name().toLowerCase(java.util.Locale.ROOT) + ">")
            .defaultValue(o.type().format(defaults.get(i))).description(o.doc() + " (default: ${DEFAULT-VALUE})")
            .build());
      }
    }
    for (CommandLine sub : cli.getSubcommands().values()) install(sub);
  }

  /** mgrit.maxLevels: --maxLevels. */
  private static String flag(String key) {
    return "--" + key.substring(key.indexOf('.') + 1);
  }
}
