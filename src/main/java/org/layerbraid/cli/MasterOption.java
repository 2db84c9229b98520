package org.layerbraid.cli;

import picocli.CommandLine.Option;

/** The Spark master of a command that opens Spark itself, for runs without spark-submit (tests, notebooks). */
final class MasterOption {
  @Option(names = "--master", description = "Spark master when not set by spark-submit (default local[*])")
  String url;
}
