package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Picocli passes help text through {@code String.format}; a bare {@code %} makes it print a warning
 * and the raw text (with its {@code %n}s) instead of the help.
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
