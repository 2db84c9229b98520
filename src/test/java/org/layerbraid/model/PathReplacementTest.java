package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The states a kill can leave {@link PathReplacement#replace} in, and what the next start makes of them. */
class PathReplacementTest {
  private static final Configuration CONF = new Configuration();
  private static final NetworkShape SHAPE = new NetworkShape(2, 3, 2, 2, 1.0, Activation.TANH, BiasMode.SCALAR);

  @TempDir Path tmp;

  private static double[] theta(double v) {
    double[] t = new double[SHAPE.size()];
    java.util.Arrays.fill(t, v);
    return t;
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void killedBetweenMovingTheOldAsideAndTheNewInTheOldModelComesBack() throws IOException {
    Path model = tmp.resolve("model");
    ModelFiles.save(model.toString(), SHAPE, theta(1), Map.of(), false, CONF);
    // The state after the old model was moved aside and before the new one was renamed in.
    Files.move(model, tmp.resolve(".model.old-1"));
    Files.createDirectories(tmp.resolve(".model.tmp-2"));
    Files.writeString(tmp.resolve(".model.tmp-2/weights.bin"), "half");
    Files.writeString(tmp.resolve("notes.txt"), "the user's");

    PathReplacement.recover(FileSystem.getLocal(CONF), hadoop(model));
    assertEquals(List.of("model", "notes.txt"), names());
    assertEquals(1.0, ModelFiles.load(model.toString(), CONF).theta()[0]);
  }

  @Test
  void theNextSaveCleansUpAndReplaces() throws IOException {
    Path model = tmp.resolve("model");
    ModelFiles.save(model.toString(), SHAPE, theta(1), Map.of(), false, CONF);
    Files.createDirectories(tmp.resolve(".model.tmp-leaked"));
    Files.createDirectories(tmp.resolve(".model.old-spare"));
    ModelFiles.save(model.toString(), SHAPE, theta(2), Map.of(), true, CONF);
    assertEquals(List.of("model"), names());
    assertEquals(2.0, ModelFiles.load(model.toString(), CONF).theta()[0]);
  }

  @Test
  void aFailedRenameLeavesTheOldVersionInPlace() throws IOException {
    Path target = Files.writeString(tmp.resolve("metrics.json"), "old");
    FileSystem fs = FileSystem.getLocal(CONF);
    org.apache.hadoop.fs.Path missing = hadoop(tmp.resolve(".metrics.json.tmp-gone"));
    assertThrows(IOException.class, () -> PathReplacement.replace(fs, missing, hadoop(target)));
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("metrics.json"), names());
  }
}
