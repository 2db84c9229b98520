package org.layerbraid.cli;

import java.util.stream.Collectors;

/** What a command printed to stderr, without the lines every Spark start prints (the log file, the application). */
final class ConsoleLines {
  private ConsoleLines() {}

  static String withoutStartup(String stderr) {
    return stderr.lines().filter(l -> !l.startsWith("layerbraid: Spark's log: ")
        && !l.startsWith("layerbraid: Spark application ")).collect(Collectors.joining("\n")).strip();
  }

  /** The line announcing the Spark application, or the empty string. */
  static String application(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("layerbraid: Spark application ")).findFirst().orElse("");
  }
}
