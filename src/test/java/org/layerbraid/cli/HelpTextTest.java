package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layerbraid.CliRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the command line says about itself: every command answers {@code --help} and describes every
 * option, and a mistyped command gets the right suggestion. Picocli passes help text through
 * {@code String.format}; a bare {@code %} makes it print a warning and the raw text (with its
 * {@code %n}s) instead of the help.
 */
class HelpTextTest {
  /** A % that is not %n, in text whose %% pairs were taken out first. */
  private static final Pattern STRAY_PERCENT = Pattern.compile("%(?!n)");

  @Test
  void everyCommandsHelpTextIsAValidFormat() {
    List<String> bad = new ArrayList<>();
    visit(Main.commandLine(), bad);
    assertEquals(List.of(), bad, "help text with a bare % (write %% for a percent sign)");
  }

  @Test
  void theStudyHelpShowsItsPercentSign() {
    String usage = Main.commandLine().getSubcommands().get("study").getSubcommands().get("nested")
        .getUsageMessage();
    assertTrue(usage.contains("(50% more steps"), usage);
  }

  @Test
  void theSolverOptionsComeFromTheOptionTableWithEachCommandsDefaults() {
    CommandLine mgrit = Main.commandLine().getSubcommands().get("mgrit");
    String scalar = mgrit.getSubcommands().get("scalar").getUsageMessage();
    assertTrue(scalar.contains("--maxLevels") && scalar.contains("most levels of the MGRIT hierarchy (default: 2)"), scalar);
    assertTrue(scalar.contains("(default: 1.0e-6)") || scalar.contains("(default: 1e-6)"), scalar);
    String depth = mgrit.getSubcommands().get("depth").getUsageMessage();
    assertTrue(depth.contains("most levels of the MGRIT hierarchy (default: 10)"), depth);
    assertEquals(2, Main.execute("mgrit", "scalar", "--maxLevels", "0"));
  }

  @Test
  void everyCommandAnswersHelpAndDescribesEveryOption() {
    List<String> missing = new ArrayList<>();
    walk(Main.commandLine(), cli -> {
      CommandSpec spec = cli.getCommandSpec();
      if (spec.optionsMap().get("--help") == null) missing.add(spec.qualifiedName() + ": no --help");
      for (OptionSpec o : spec.options()) {
        if (String.join("", o.description()).isBlank()) missing.add(spec.qualifiedName() + " " + o.longestName());
      }
      for (PositionalParamSpec p : spec.positionalParameters()) {
        if (String.join("", p.description()).isBlank()) missing.add(spec.qualifiedName() + " " + p.paramLabel());
      }
    });
    assertEquals(List.of(), missing);
    CliRun keys = CliRun.of("keys", "--help");
    assertEquals(0, keys.code());
    assertTrue(keys.out().startsWith("Usage: layerbraid keys"), keys.out());
  }

  @Test
  void aMistypedCommandOrOptionGetsTheNearestName() {
    CliRun trian = CliRun.of("trian");
    assertEquals(2, trian.code());
    assertTrue(trian.err().contains("Did you mean: layerbraid train?"), trian.err());
    CliRun option = CliRun.of("mgrit", "scalar", "--maxLevles", "2");
    assertTrue(option.err().contains("Did you mean: layerbraid mgrit scalar --maxLevels?"), option.err());
    CliRun nothingNear = CliRun.of("xyzzy");
    assertTrue(nothingNear.err().contains("Unmatched argument") && nothingNear.err().contains("Usage: layerbraid"), nothingNear.err());
  }

  @Test
  void trainWithoutAConfigFileIsRefusedNamingTheOption() {
    CliRun r = CliRun.of("train", "model.layers=4");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing required option: '--config=FILE'"), r.err());
    assertTrue(r.err().contains("conf/peaks.conf, say"), "the usage that follows names a config: " + r.err());
  }
  private static void walk(CommandLine cli, java.util.function.Consumer<CommandLine> visitor) {
    visitor.accept(cli);
    cli.getSubcommands().values().forEach(sub -> walk(sub, visitor));
  }

  private static void visit(CommandLine cli, List<String> bad) {
    CommandSpec spec = cli.getCommandSpec();
    String name = spec.qualifiedName();
    check(name, spec.usageMessage().description(), bad);
    check(name, spec.usageMessage().header(), bad);
    check(name, spec.usageMessage().footer(), bad);
    for (OptionSpec o : spec.options()) check(name + " " + o.longestName(), o.description(), bad);
    for (PositionalParamSpec p : spec.positionalParameters()) check(name + " " + p.paramLabel(), p.description(), bad);
    cli.getSubcommands().values().forEach(sub -> visit(sub, bad));
  }

  private static void check(String where, String[] lines, List<String> bad) {
    for (String line : lines) {
      if (STRAY_PERCENT.matcher(line.replace("%%", "")).find()) bad.add(where + ": " + line);
    }
  }
}
