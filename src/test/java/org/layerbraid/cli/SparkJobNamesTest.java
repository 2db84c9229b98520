package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Where to watch a run: the application is named at start, and every training job says which step it serves. */
@ExtendWith(NoSparkUi.class)
class SparkJobNamesTest {
  @TempDir Path tmp;

  @Test
  void theApplicationIsNamedAtStartAndEveryTrainingJobNamesItsStep() throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("SparkJobNamesTest").getOrCreate();
    List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart job) {
        descriptions.add(String.valueOf(job.properties().getProperty("spark.job.description")));
      }
    });
    spark.sparkContext().setJobDescription("the caller's own");
    try {
      Path conf = tmp.resolve("tiny.conf");
      Files.write(conf, List.of("peaks.trainPerClass = 20", "peaks.validationPerClass = 4", "model.layers = 4",
          "train.epochs = 2", "output.progress = quiet"));
      String serial = ConsoleLines.application(train(conf, "serial", "propagation=serial"));
      assertTrue(serial.startsWith("layerbraid: Spark application local-"), serial);
      assertTrue(serial.contains(" on local[2], no Spark UI (spark.ui.enabled=false)"), serial);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(descriptions.containsAll(List.of("level 0 (4 layers), epoch 1/2, step 1", "level 0 (4 layers), epoch 2/2, step 2",
          "accuracy and loss of the kept parameters on the training set")), descriptions.toString());
      descriptions.clear();

      train(conf, "mgrit", "propagation=mgrit", "mgrit.engine=stages", "mgrit.layerPartitions=2");
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(descriptions.stream().anyMatch(d -> d.startsWith("level 0 (4 layers), epoch 2/2, step 2: MGRIT iteration")),
          "the Spark engine's jobs name the step and their phase: " + descriptions);
      assertEquals("the caller's own", spark.sparkContext().getLocalProperty("spark.job.description"),
          "the caller's description is given back");
    } finally {
      spark.stop();
    }
  }

  /** The standard error of a successful train run. */
  private String train(Path conf, String name, String... overrides) {
    List<String> args = new ArrayList<>(List.of("train", "--config", conf.toString(), "--out", tmp.resolve(name).toString()));
    args.addAll(List.of(overrides));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute(args.toArray(String[]::new)), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
