package org.layerbraid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --out as a Hadoop path. A file system other than the local one is Hadoop's view file system
 * here, mounted on a temporary folder: a real non-local file system, reached only through Hadoop,
 * as HDFS would be.
 */
class OutputFolderTest {
  @TempDir Path tmp;

  private static OutputFolder train(Path dir, boolean overwrite) {
    return OutputFolder.of(dir.toString(), new Configuration(), "--out", "train", overwrite);
  }

  /** A finished run: metrics naming it, a model folder, and whatever else is given (name, content pairs). */
  private static OutputFolder publish(Path dir, boolean overwrite, String... files) throws IOException {
    OutputFolder out = train(dir, overwrite);
    Files.writeString(out.local().resolve("metrics.json"), "{\"run_id\": \"" + out.runId() + "\"}");
    Files.createDirectories(out.local().resolve("model"));
    Files.writeString(out.local().resolve("model/weights.bin"), out.runId());
    for (int i = 0; i < files.length; i += 2) Files.writeString(out.local().resolve(files[i]), files[i + 1]);
    out.publish();
    return out;
  }

  /** Every name in the folder but Hadoop's checksum files. */
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }

  @Test
  void aLocalRunIsWrittenHiddenInsideTheFolderAndPublishedWithAManifest() throws IOException {
    Path dir = tmp.resolve("run");
    OutputFolder out = train(dir, false);
    assertEquals(dir.toString(), out.target());
    assertFalse(Files.exists(dir), "nothing is made before the run writes");
    assertEquals(dir, out.local().getParent());
    assertTrue(out.local().getFileName().toString().startsWith(".incoming-"), out.local().toString());
    Files.writeString(out.local().resolve("metrics.json"), "{}");
    out.publish();
    assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json"), names(dir));
    String manifest = Files.readString(dir.resolve(OutputFolder.MANIFEST));
    assertTrue(manifest.contains("\"train\"") && manifest.contains(out.runId()) && manifest.contains("\"metrics.json\""),
        manifest);
  }

  @Test
  void anEarlierRunIsRefusedWithoutOverwriteAndReplacedWithIt() throws IOException {
    Path dir = tmp.resolve("run");
    publish(dir, false, "decision_map.png", "only the first run has one");
    Files.writeString(dir.resolve("notes.txt"), "the user's");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(dir, false));
    assertEquals("--out " + dir + " holds the results of an earlier run (decision_map.png, metrics.json, model); pass"
        + " --overwrite to replace them (other files are kept), or choose another folder", e.getMessage());

    OutputFolder second = publish(dir, true);
    assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json", "model", "notes.txt"), names(dir),
        "the first run's decision map is gone, the user's notes are not");
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains(second.runId()));
    assertEquals(second.runId(), Files.readString(dir.resolve("model/weights.bin")));
    assertEquals("the user's", Files.readString(dir.resolve("notes.txt")));
  }

  @Test
  void aFolderWrittenBeforeManifestsIsRecognisedByItsNames() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(dir.resolve("metrics.json"), "{}");
    Files.writeString(dir.resolve("training_curves.png"), "png");
    Files.writeString(dir.resolve("mine.csv"), "the user's");
    assertThrows(IllegalArgumentException.class, () -> train(dir, false));
    publish(dir, true);
    assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json", "mine.csv", "model"), names(dir));
  }

  @Test
  void filesOfOthersInsideTheModelFolderOrAnotherCommandsResultsAreNeverReplaced() throws IOException {
    Path dir = tmp.resolve("run");
    publish(dir, false);
    Files.writeString(dir.resolve("model/README"), "the user's");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(dir, true));
    assertTrue(e.getMessage().contains("model/README") && e.getMessage().contains("not written by layerbraid"),
        e.getMessage());
    Files.delete(dir.resolve("model/README"));
    IllegalArgumentException evaluate = assertThrows(IllegalArgumentException.class,
        () -> OutputFolder.of(dir.toString(), new Configuration(), "--out", "evaluate", true));
    assertTrue(evaluate.getMessage().contains("holds the results of 'layerbraid train'"), evaluate.getMessage());
  }

  @Test
  void aRunKilledBeforeItsJournalLeavesThePreviousRunAndItsLeftoversGoAtTheNextStart() throws IOException {
    Path dir = tmp.resolve("run");
    OutputFolder first = publish(dir, false);
    OutputFolder killed = train(dir, true);
    Files.writeString(killed.local().resolve("metrics.json"), "half");
    Files.createDirectories(dir.resolve(".model.tmp-0b3f9c1e-6a2d-4a8e-9d51-3c6f0f7d2a11"));
    OutputFolder next = train(dir, true);
    assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json", "model"), names(dir));
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains(first.runId()));
    assertFalse(next.runId().equals(first.runId()));
  }

  @Test
  void aRunKilledHalfWayThroughPublishingIsRolledForwardAtTheNextStart() throws IOException {
    Path dir = tmp.resolve("run");
    publish(dir, false, "decision_map.png", "old");
    // The state a kill leaves during step 3: journal written, metrics moved aside and the new one in
    // place, the model not yet moved.
    String id = "5d0c7c2e-1f3a-4b6c-8d9e-0a1b2c3d4e5f";
    Path incoming = Files.createDirectories(dir.resolve(".incoming-" + id));
    Files.createDirectories(incoming.resolve("model"));
    Files.writeString(incoming.resolve("model/weights.bin"), id);
    Files.writeString(incoming.resolve(OutputFolder.MANIFEST),
        "{\"command\": \"train\", \"run_id\": \"" + id + "\", \"entries\": [\"metrics.json\", \"model\"]}");
    Path previous = Files.createDirectories(dir.resolve(".previous-" + id));
    Files.move(dir.resolve("metrics.json"), previous.resolve("metrics.json"));
    Files.writeString(dir.resolve("metrics.json"), "{\"run_id\": \"" + id + "\"}");
    Files.writeString(dir.resolve(".layerbraid-publishing"), id);

    assertThrows(IllegalArgumentException.class, () -> train(dir, false), "the rolled-forward run is an earlier run");
    assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json", "model"), names(dir), "decision map of the old run left");
    assertEquals(id, Files.readString(dir.resolve("model/weights.bin")));
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains(id));
    assertTrue(Files.readString(dir.resolve(OutputFolder.MANIFEST)).contains(id));
  }

  @Test
  void anotherFileSystemGetsTheFinishedFolderWithEntriesReplaced() throws IOException {
    Path mounted = Files.createDirectories(tmp.resolve("mounted"));
    Configuration conf = new Configuration();
    conf.set("fs.viewfs.mounttable.cluster.link./results", mounted.toUri().toString());
    String target = "viewfs://cluster/results/run";

    OutputFolder first = OutputFolder.of(target, conf, "--out", "train", false);
    Path firstLocal = first.local();
    assertNotEquals(mounted.resolve("run"), firstLocal);
    Files.writeString(first.local().resolve("metrics.json"), "{\"train_accuracy\": 0.5}");
    Files.createDirectories(first.local().resolve("model"));
    Files.writeString(first.local().resolve("model/weights.bin"), "old");
    Files.writeString(first.local().resolve("model/metadata.json"), "only in the first run");
    first.publish();
    assertEquals(target, first.target());
    assertFalse(Files.exists(firstLocal), "the local copy is removed once published");

    OutputFolder second = OutputFolder.of(target, conf, "--out", "train", true);
    Files.writeString(second.local().resolve("metrics.json"), "{\"train_accuracy\": 0.9}");
    Files.createDirectories(second.local().resolve("model"));
    Files.writeString(second.local().resolve("model/weights.bin"), "new");
    second.publish();

    Path run = mounted.resolve("run");
    assertEquals("{\"train_accuracy\": 0.9}", Files.readString(run.resolve("metrics.json")));
    assertEquals("new", Files.readString(run.resolve("model/weights.bin")));
    assertFalse(Files.exists(run.resolve("model/metadata.json")), "a folder is replaced as a whole, as a model is");
    try (Stream<Path> left = Files.list(run)) {
      // .crc files are the checksums Hadoop's local file system keeps beside each file.
      List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
      assertEquals(List.of(OutputFolder.MANIFEST, "metrics.json", "model"), names, "no temporary copies left behind");
    }
  }

  @Test
  void unusablePathsAreRefusedBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("taken"), "x");
    IllegalArgumentException isFile = assertThrows(IllegalArgumentException.class,
        () -> train(file, false));
    assertEquals("--out " + file + " is a file; expected a folder", isFile.getMessage());

    IllegalArgumentException noScheme = assertThrows(IllegalArgumentException.class,
        () -> OutputFolder.of("nosuchfs://host/out", new Configuration(), "--out", "train", false));
    assertTrue(noScheme.getMessage().startsWith("--out nosuchfs://host/out: not a usable Hadoop path: "), noScheme.getMessage());
  }
}
