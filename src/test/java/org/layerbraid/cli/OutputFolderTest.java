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

  @Test
  void aLocalPathIsWrittenInPlace() {
    Path dir = tmp.resolve("run");
    OutputFolder out = OutputFolder.of(dir.toString(), new Configuration());
    assertEquals(dir, out.local());
    assertEquals(dir.toString(), out.target());
  }

  @Test
  void anotherFileSystemGetsTheFinishedFolderWithEntriesReplaced() throws IOException {
    Path mounted = Files.createDirectories(tmp.resolve("mounted"));
    Configuration conf = new Configuration();
    conf.set("fs.viewfs.mounttable.cluster.link./results", mounted.toUri().toString());
    String target = "viewfs://cluster/results/run";

    OutputFolder first = OutputFolder.of(target, conf);
    assertNotEquals(mounted.resolve("run"), first.local());
    Files.writeString(first.local().resolve("metrics.json"), "{\"train_accuracy\": 0.5}");
    Files.createDirectories(first.local().resolve("model"));
    Files.writeString(first.local().resolve("model/weights.bin"), "old");
    Files.writeString(first.local().resolve("model/stale.txt"), "only in the first run");
    first.publish();
    assertEquals(target, first.target());
    assertFalse(Files.exists(first.local()), "the local copy is removed once published");

    OutputFolder second = OutputFolder.of(target, conf);
    Files.writeString(second.local().resolve("metrics.json"), "{\"train_accuracy\": 0.9}");
    Files.createDirectories(second.local().resolve("model"));
    Files.writeString(second.local().resolve("model/weights.bin"), "new");
    second.publish();

    Path run = mounted.resolve("run");
    assertEquals("{\"train_accuracy\": 0.9}", Files.readString(run.resolve("metrics.json")));
    assertEquals("new", Files.readString(run.resolve("model/weights.bin")));
    assertFalse(Files.exists(run.resolve("model/stale.txt")), "a folder is replaced as a whole, as a model is");
    try (Stream<Path> left = Files.list(run)) {
      // .crc files are the checksums Hadoop's local file system keeps beside each file.
      List<String> names = left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
      assertEquals(List.of("metrics.json", "model"), names, "no temporary copies left behind");
    }
  }

  @Test
  void unusablePathsAreRefusedBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("taken"), "x");
    IllegalArgumentException isFile = assertThrows(IllegalArgumentException.class,
        () -> OutputFolder.of(file.toString(), new Configuration()));
    assertEquals("--out " + file + " is a file; expected a folder", isFile.getMessage());

    IllegalArgumentException noScheme = assertThrows(IllegalArgumentException.class,
        () -> OutputFolder.of("nosuchfs://host/out", new Configuration()));
    assertTrue(noScheme.getMessage().startsWith("--out nosuchfs://host/out: not a usable Hadoop path: "), noScheme.getMessage());
  }
}
