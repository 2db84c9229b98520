package org.layerbraid.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.LoadedData;
import org.layerbraid.report.Progress;
import org.layerbraid.train.Training;
import org.layerbraid.train.NestedResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train an ODE-ResNet; writes the model, metrics.json, epochs.csv and PNG charts to the output folder.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--config", description = "config file of key = value lines (see 'layerbraid keys')")
  Path config;

  @Option(names = "--out", description = "output folder (default: out/<config name> on the local disk), a Hadoop path:"
      + " without a scheme it is on fs.defaultFS, the local file system unless a Hadoop configuration (HADOOP_CONF_DIR)"
      + " names another. In YARN cluster mode give one the cluster shares, e.g. hdfs:///user/me/peaks: the driver's"
      + " container is deleted when it ends.")
  String out;

  @Option(names = "--master", description = "Spark master when not set by spark-submit (default local[*])")
  String master;

  @Parameters(paramLabel = "key=value", description = "settings that override the config file")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Config c = (config == null ? Config.defaults() : Config.load(config)).with(overrides);
    RunSettings settings = RunSettings.from(c);
    // The default stays on this machine's disk whatever file system a Hadoop configuration makes the default.
    String outPath = out != null ? out : Path.of("out", config == null ? "default"
        : config.getFileName().toString().replaceFirst("\\.conf$", "")).toAbsolutePath().toUri().toString();
    Progress progress = Progress.forMode(settings.progressMode(), System.out);
    try (SparkSession spark = Spark.session("layerbraid train", master)) {
      OutputFolder outDir = OutputFolder.of(outPath, spark.sparkContext().hadoopConfiguration());
      progress.runStarted("loading " + settings.data().kind().id(), settings.nested().levels());
      LoadedData data = DataSets.load(spark, settings.data(), settings.partitions());
      progress.message(data.description() + "; propagation: " + settings.propagation().describe()
          + (settings.nested().enabled() ? "; nested iteration: " + settings.nested() : ""));
      NestedResult result = Training.fitNested(data, settings.model(), settings.propagation(), settings.training(),
          settings.nested(), progress);
      RunOutputs.write(outDir, c, settings, data, result, progress);
    }
    return 0;
  }
}
