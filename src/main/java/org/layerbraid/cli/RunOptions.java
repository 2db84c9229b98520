package org.layerbraid.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every run command takes: a config file, overrides of its keys, the output folder and the master. */
final class RunOptions {

  @Option(names = "--config", description = "config file of key = value lines (see 'layerbraid keys')")
  Path config;

  @Option(names = "--out", description = "output folder (default: out/<config name>)")
  Path out;

  @Option(names = "--master", description = "Spark master when not set by spark-submit (default local[*])")
  String master;

  @Parameters(paramLabel = "key=value", description = "settings that override the config file")
  List<String> overrides = new ArrayList<>();

  /** The config file (or the defaults without one) with the command line's overrides. */
  Config load() {
    return (config == null ? Config.defaults() : Config.load(config)).with(overrides);
  }

  Path outDir() {
    if (out != null) return out;
    return Path.of("out", config == null ? "default" : config.getFileName().toString().replaceFirst("\\.conf$", ""));
  }
}
