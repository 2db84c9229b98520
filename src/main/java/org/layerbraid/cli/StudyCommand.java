package org.layerbraid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "study", mixinStandardHelpOptions = true,
    description = "Experiments over seeds and hyperparameter sweeps.", subcommands = StudyNestedCommand.class)
final class StudyCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
