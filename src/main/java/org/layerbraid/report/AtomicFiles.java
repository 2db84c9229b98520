package org.layerbraid.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Whole-file replacement that readers never see half-done. Schedulers and dashboards poll
 * {@code metrics.json} and the charts while a run is still writing them; a rename within one
 * folder is atomic on POSIX file systems, so a reader gets either the old or the new file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target}, creating missing parent folders and replacing an
   * existing file.
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    // Same folder as the target: a rename across file systems would be a copy, not atomic.
    // Not Files.createTempFile: it makes the file owner-only (0600), and after the rename
    // the result file would be unreadable to the scheduler or web server that collects it.
    Path tmp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) ch.write(buf);
        // Without this, a crash soon after the rename can leave an empty file under the
        // final name on file systems with delayed allocation (ext4, xfs).
        ch.force(true);
      }
      Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }
}
