package org.layerbraid.cli;

import org.layerbraid.settings.RunSettings;
import org.layerbraid.settings.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.data.DataSets;
import org.layerbraid.data.DataSpec;
import org.layerbraid.data.LoadedData;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.ConfusionMatrix;
import org.layerbraid.model.ResNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a saved model on data named by the same config keys as train: accuracy, loss, confusion matrix,"
        + " per-class recall and precision; writes evaluation.json, confusion_matrix.csv and confusion_matrix.png.")
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "the model/ folder train writes, or a model saved with the ML API (any Hadoop path)")
  String model;

  @Option(names = "--config", description = "config file of key = value lines, e.g. the one the model was trained with")
  Path config;

  @Option(names = "--split", paramLabel = "SPLIT",
      description = "train | validation | test | all (default: test when the data set has one, else validation)")
  String split;

  @Option(names = "--out", description = "output folder (default: evaluation-<split> beside a local model folder)")
  Path out;

  @Mixin MasterOption master;

  @Parameters(paramLabel = "key=value", description = "settings that override the config file (data.* keys matter here)")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Config c = (config == null ? Config.defaults() : Config.load(config)).with(overrides);
    Split chosen = split == null ? null : Split.parse(split);
    Path modelFolder = localFolder(model);
    if (out == null && modelFolder == null) {
      throw new IllegalArgumentException("--out is required when --model is not on the local file system (" + model + ")");
    }
    try (Spark.Session session = Spark.open("layerbraid evaluate", master.url)) {
      SparkSession spark = session.spark();
      SavedModel saved = SavedModel.load(spark, model);
      RunSettings settings = RunSettings.from(fixedByModel(c, saved));
      DataSpec spec = settings.data();
      Split s = chosen != null ? chosen : Split.heldOut(spec);
      Path outDir = out != null ? out : modelFolder.getParent().resolve("evaluation-" + s.id());
      // An earlier evaluation there is replaced; a folder holding anything else the project wrote is refused.
      OutputFolder folder = OutputFolder.of(outDir.toAbsolutePath().toUri().toString(),
          spark.sparkContext().hadoopConfiguration(), "--out", "evaluate", true);
      ResNet net = saved.network();
      Optional<DataSets.HeldOut> alone = saved.reading(() -> s.readAlone(spark, spec));
      ConfusionMatrix m;
      String description;
      if (alone.isPresent()) {
        m = s.classify(net, alone.get());
        description = alone.get().description();
      } else {
        LoadedData data = saved.reading(() -> DataSets.load(spark, spec, settings.partitions()));
        m = s.classify(net, data);
        description = data.description();
      }
      OptionalDouble grid = spec.kind() == DataSpec.Kind.PEAKS
          ? OptionalDouble.of(ConfusionMatrix.of(net, Peaks.grid()).accuracy())
          : OptionalDouble.empty();
      EvaluationOutputs.write(folder, saved, description, s, m, grid, System.out);
    }
    return 0;
  }

  /**
   * The model decides the feature count and the classes: they are taken from it, and a config that
   * states others is wrong for this model (a training config says 0, "from the data").
   */
  private static Config fixedByModel(Config c, SavedModel saved) {
    return fix(fix(c, "data.numFeatures", saved.numFeatures(), "features", saved), "data.numClasses", saved.numClasses(),
        "classes", saved);
  }

  private static Config fix(Config c, String key, int value, String what, SavedModel saved) {
    int stated = c.integer(key);
    if (stated != 0 && stated != value) {
      throw new IllegalArgumentException(c.origin(key) + ": " + key + " = " + stated + ", but the model " + saved.path()
          + " has " + value + " " + what);
    }
    return c.withValue(key, value, "the model " + saved.path());
  }

  /** The folder as a local path, or null when it is on another file system (hdfs://, s3a://). */
  private static Path localFolder(String path) {
    URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) return null;
    return Path.of(uri.getPath()).toAbsolutePath();
  }
}
