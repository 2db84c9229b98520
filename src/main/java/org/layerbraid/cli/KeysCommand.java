package org.layerbraid.cli;

import org.layerbraid.settings.Options;
import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Print every configuration key with its default and meaning (Markdown).")
final class KeysCommand implements Runnable {
  @Override
  public void run() {
    System.out.print(Options.markdownTable());
  }
}
