package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.report.EpochRecord;
import org.layerbraid.report.EpochsCsv;
import org.layerbraid.report.MetricsWriter;

/** {@code layerbraid train} with a nested-iteration schedule, end to end through {@link Main#execute}. */
@ExtendWith(NoSparkUi.class)
class NestedTrainCommandTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void writesTheModelOfEveryLevel() throws IOException {
    Path conf = tmp.resolve("nested.conf");
    Files.write(conf, List.of(
        "data.kind = peaks",
        "peaks.trainPerClass = 60",
        "peaks.validationPerClass = 10",
        "model.layers = 8",
        "reg.scaled = true",
        "train.learningRate = 0.05",
        "nested.levels = 3",
        "nested.epochs = 4,5,6",
        "nested.learningRate = 0.05, 0.03, 0.02",
        "output.progress = quiet",
        "seed = 2"));
    Path out = tmp.resolve("out");
    int code = Main.execute("train", "--config", conf.toString(), "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, code);

    int[] depths = {2, 4, 8};
    for (int k = 0; k < 3; k++) {
      ModelFiles.Loaded level = ModelFiles.load(out.resolve("model-level-" + k).toString(), new Configuration());
      assertEquals(depths[k], level.shape().depth(), "model-level-" + k);
      assertEquals(1.0, level.shape().finalTime());
      assertEquals(k, level.info().path("level").asInt());
    }
    assertFalse(Files.exists(out.resolve("model-level-3")));
    ModelFiles.Loaded fin = ModelFiles.load(out.resolve("model").toString(), new Configuration());
    assertEquals(8, fin.shape().depth());
    assertArrayEquals(ModelFiles.load(out.resolve("model-level-2").toString(), new Configuration()).theta(),
        fin.theta());

    List<EpochRecord> epochs = EpochsCsv.read(out.resolve("epochs.csv"));
    assertEquals(15, epochs.size());
    for (int i = 0; i < epochs.size(); i++) {
      EpochRecord e = epochs.get(i);
      int level = i < 4 ? 0 : i < 9 ? 1 : 2;
      assertEquals(level, e.level());
      assertEquals(depths[level], e.depth());
      assertEquals(i + 1, e.step());
    }
    assertTrue(Files.size(out.resolve("training_curves.png")) > 1000);
    assertTrue(Files.size(out.resolve("training_curves_time.png")) > 1000);

    Map<String, Object> m = MetricsWriter.readMetrics(out.resolve("metrics.json"));
    Map<String, Object> nested = (Map<String, Object>) m.get("nested");
    List<Map<String, Object>> levels = (List<Map<String, Object>>) nested.get("levels");
    assertEquals(List.of(2, 4, 8), levels.stream().map(l -> ((Number) l.get("layers")).intValue()).toList());
    assertEquals(List.of(4, 5, 6), levels.stream().map(l -> ((Number) l.get("epochs")).intValue()).toList());
    assertEquals(2, ((List<?>) nested.get("refinements")).size());
    assertEquals(8, ((Number) m.get("layers")).intValue());
  }
}
