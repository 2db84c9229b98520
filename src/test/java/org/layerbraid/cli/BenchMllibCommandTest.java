package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code layerbraid bench mllib} end to end on a tiny Peaks problem: the JSON's keys and sane values. */
@ExtendWith(NoSparkUi.class)
class BenchMllibCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheComparisonJson() throws Exception {
    Path conf = tmp.resolve("tiny.conf");
    Files.write(conf, List.of("data.kind = peaks", "peaks.trainPerClass = 30", "peaks.validationPerClass = 5",
        "model.width = 4", "model.layers = 4", "init.open = 3", "train.optimizer = lbfgs", "train.epochs = 6",
        "train.batchSize = 0", "train.keepBest = false", "propagation = serial", "output.progress = quiet"));
    Path json = tmp.resolve("mllib.json");
    assertEquals(0, Main.execute("bench", "mllib", "--config", conf.toString(), "--mllib-hidden", "4;3,3",
        "--mllib-iterations", "2,5", "--rounds", "1", "--every", "2", "--warmup-epochs", "1", "--quiet",
        "--json", json.toString()));
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals(List.of("layerbraid", "mllib"), names(root));
    JsonNode ours = root.get("layerbraid"), mllib = root.get("mllib");
    assertEquals(List.of("best_accuracy", "time_to_mllib_best_s", "accuracy_at_mllib_time"), names(ours));
    assertEquals(List.of("best_accuracy", "time_s"), names(mllib));
    fraction(ours.get("best_accuracy"));
    fraction(mllib.get("best_accuracy"));
    assertTrue(mllib.get("time_s").asDouble() > 0 && mllib.get("time_s").asDouble() < 600, mllib.toString());
    // Either may be null (never reached, or nothing measured by MLlib's time); when present they are sane.
    if (!ours.get("time_to_mllib_best_s").isNull()) assertTrue(ours.get("time_to_mllib_best_s").asDouble() >= 0);
    if (!ours.get("accuracy_at_mllib_time").isNull()) fraction(ours.get("accuracy_at_mllib_time"));
    assertEquals(2, Main.execute("bench", "mllib", "--config", conf.toString(), "--mllib-iterations", "5,2", "--quiet"));
  }

  private static void fraction(JsonNode v) {
    assertTrue(v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 1, String.valueOf(v));
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
