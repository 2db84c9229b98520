package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.CliRun;

/** {@code layerbraid bench epoch} end to end on a tiny Peaks problem: the three ways timed, and they end alike. */
@ExtendWith(NoSparkUi.class)
class BenchEpochCommandTest {
  @TempDir Path tmp;

  @Test
  void timesTheThreeWaysAndFindsTheSameParameters() throws Exception {
    Path conf = tmp.resolve("tiny.conf");
    Files.write(conf, List.of("data.kind = peaks", "peaks.trainPerClass = 30", "peaks.validationPerClass = 5",
        "model.width = 4", "model.layers = 4", "train.optimizer = adam", "train.batchSize = 25", "propagation = serial"));
    CliRun run = CliRun.of("bench", "epoch", "--config", conf.toString(), "--epochs", "1", "--rounds", "2", "--quiet");
    assertEquals(0, run.code(), run.out() + run.err());
    for (String expected : List.of("6 minibatch steps over 2 partitions", "summed in the driver", "| 1 |", "| 2 |", "| median |",
        "Same parameters bit for bit in every round: yes", "machine: ")) {
      assertTrue(run.out().contains(expected), "missing '" + expected + "' in\n" + run.out());
    }
  }

  @Test
  void fullBatchTrainingIsRefusedInOneLine() throws Exception {
    Path conf = tmp.resolve("full.conf");
    Files.write(conf, List.of("data.kind = peaks", "peaks.trainPerClass = 30", "train.batchSize = 0"));
    CliRun run = CliRun.of("bench", "epoch", "--config", conf.toString(), "--quiet");
    assertEquals(2, run.code(), run.out() + run.err());
    assertTrue(run.err().contains("bench epoch is for minibatch training"), run.err());
  }
}
