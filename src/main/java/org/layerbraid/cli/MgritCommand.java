package org.layerbraid.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "mgrit", mixinStandardHelpOptions = true,
    description = "MGRIT solves on their own: XBraid's scalar demo, and forward/adjoint convergence across depths.",
    subcommands = {MgritScalarCommand.class, MgritDepthCommand.class, MgritCostCommand.class})
final class MgritCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
