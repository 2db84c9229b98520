package org.layerbraid.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "mgrit", mixinStandardHelpOptions = true, description = "MGRIT solves without training: see 'mgrit --help'.")
final class MgritCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
