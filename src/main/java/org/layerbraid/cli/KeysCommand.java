package org.layerbraid.cli;

import picocli.CommandLine.Command;

@Command(name = "keys", description = "Print every configuration key with its default and meaning (Markdown).")
final class KeysCommand implements Runnable {
  @Override
  public void run() {
    System.out.print(ConfigKey.markdownTable());
  }
}
