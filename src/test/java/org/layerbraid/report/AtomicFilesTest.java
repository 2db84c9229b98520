package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void createsMissingFoldersAndWritesBytes() throws IOException {
    Path target = dir.resolve("a/b/out.bin");
    byte[] content = {0, 1, 2, (byte) 255};
    AtomicFiles.write(target, content);
    assertArrayEquals(content, Files.readAllBytes(target));
  }

  @Test
  void replacesExistingFileAndLeavesNoTemporaryBehind() throws IOException {
    Path target = dir.resolve("metrics.json");
    Files.writeString(target, "old content that is longer than the new one");
    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", Files.readString(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void resultFileGetsTheUsualPermissionsNotOwnerOnly() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path written = dir.resolve("written.txt");
    AtomicFiles.write(written, new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
  }

  @Test
  void bareFileNameWorks() throws IOException {
    // A bare file name has no parent path; the temp file must still go next to it (the cwd).
    Path target = Path.of("atomic-files-test-" + System.nanoTime() + ".tmp");
    try {
      AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8));
      assertEquals("x", Files.readString(target));
    } finally {
      Files.deleteIfExists(target);
    }
  }
}
