package org.layerbraid.cli;

import org.layerbraid.settings.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every run command takes: a config file, overrides of its keys, the output folder and the master. */
final class RunOptions {

  // Required: the defaults alone are a demonstration, not a tuned run (Peaks at 57 %), and a run
  // without a file leaves no record of its settings beside its results.
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "conf/peaks.conf, say: a file of key = value lines ('layerbraid keys' lists every key and its"
          + " default)")
  Path config;

  @Option(names = "--out", description = "output folder (default: out/<config name> on the local disk). For train a"
      + " Hadoop path: without a scheme it is on fs.defaultFS, the local file system unless a Hadoop configuration"
      + " (HADOOP_CONF_DIR) names another; in YARN cluster mode give one the cluster shares, e.g."
      + " hdfs:///user/me/peaks, since the driver's container is deleted when it ends.")
  String out;

  @Mixin MasterOption master;

  @Parameters(paramLabel = "key=value", description = "settings that override the config file")
  List<String> overrides = new ArrayList<>();

  /** The config file with the command line's overrides. */
  Config load() {
    return Config.load(config).with(overrides);
  }

  /** The output folder on the local disk. */
  Path outDir() {
    return out != null ? Path.of(out) : defaultOut();
  }

  /**
   * The output folder of {@code command} as a Hadoop path; the default stays on the local disk
   * whatever file system is the default. A folder holding an earlier run is refused unless
   * {@code replace}.
   */
  OutputFolder outputFolder(Configuration hadoop, String command, boolean replace) {
    return OutputFolder.of(out != null ? out : defaultOut().toAbsolutePath().toUri().toString(), hadoop, "--out", command,
        replace);
  }

  private Path defaultOut() {
    return Path.of("out", config.getFileName().toString().replaceFirst("\\.conf$", ""));
  }
}
