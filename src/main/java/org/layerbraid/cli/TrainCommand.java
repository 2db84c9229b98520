package org.layerbraid.cli;

import org.layerbraid.settings.RunSettings;
import org.layerbraid.settings.Config;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.LoadedData;
import org.layerbraid.report.Progress;
import org.layerbraid.train.EpochMonitor;
import org.layerbraid.train.Training;
import org.layerbraid.train.NestedResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train an ODE-ResNet; writes the model, metrics.json, epochs.csv and PNG charts to the output folder.")
final class TrainCommand implements Callable<Integer> {

  @Mixin RunOptions run;

  @Option(names = "--overwrite", description = "replace the results of an earlier run in --out (files layerbraid did"
      + " not write are kept); without it such a folder is refused")
  boolean overwrite;

  @Option(names = "--resume", description = "continue the run whose checkpoint is in --out (checkpoint.every), with the"
      + " same settings, to the result the run would have had; without a checkpoint, train from the start. The"
      + " results replace those in --out")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    Config c = run.load();
    RunSettings settings = RunSettings.from(c);
    Progress progress = Progress.forMode(settings.progressMode(), System.out);
    try (Spark.Session session = Spark.open("layerbraid train", run.master.url)) {
      SparkSession spark = session.spark();
      OutputFolder outDir = run.outputFolder(spark.sparkContext().hadoopConfiguration(), "train", overwrite || resume);
      Resume checkpoints = Resume.in(outDir, c, resume, overwrite, progress);
      progress.runStarted("loading " + settings.data().kind().id(), settings.nested().levels());
      LoadedData data = DataSets.load(spark, settings.data(), settings.partitions());
      progress.message(data.description() + "; propagation: " + settings.propagation().describe()
          + (settings.nested().enabled() ? "; nested iteration: " + settings.nested() : ""));
      NestedResult result = Training.fitNested(data, settings.model(), settings.propagation(), settings.training(),
          settings.nested(), progress, EpochMonitor.NONE, null, checkpoints.checkpointing());
      RunOutputs.write(outDir, c, settings, data, result, progress);
      checkpoints.finished();
    }
    return 0;
  }
}
