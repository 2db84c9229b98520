package org.layerbraid.settings;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  /** The README's key table is the one {@code layerbraid keys} prints; regenerate it with that command. */
  @Test
  void theReadmeKeyTableIsTheOptionTable() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("README.md"));
    int start = readme.indexOf("| key | default | meaning |");
    assertTrue(start >= 0, "README has no key table");
    int end = start;
    while (end < readme.size() && readme.get(end).startsWith("|")) end++;
    assertEquals(Options.markdownTable(), String.join("\n", readme.subList(start, end)) + "\n",
        "README's key table is stale: replace it with the output of 'submit/layerbraid keys'");
  }

  @Test
  void everyDefaultPassesItsOwnRuleAndReadsBackFromItsText() {
    for (Option o : Options.ALL) {
      if (o.defaultValue() == null) continue;
      o.check().check(o.key(), o.defaultValue());
      assertTrue(java.util.Objects.deepEquals(o.defaultValue(), o.parse(o.defaultText())), o.key());
    }
  }

  @Test
  void theSolverDefaultsAreTheSolversOwn() {
    assertEquals(org.layerbraid.mgrit.MgritOptions.DEFAULTS.toString(), RunSettings.solver(Config.defaults()).toString());
  }

  @Test
  void configsAreImmutable() {
    Config base = Config.defaults();
    Config changed = base.with("model.width", "16");
    assertEquals(8, base.integer("model.width"));
    assertEquals(16, changed.integer("model.width"));
  }
}
