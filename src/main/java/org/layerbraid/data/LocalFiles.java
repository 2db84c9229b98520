package org.layerbraid.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening local data files the same way everywhere: gzip recognised by content, not by name. */
final class LocalFiles {
  private LocalFiles() {}

  /** A buffered stream of the file's content, decompressed when it starts with the gzip magic. */
  static InputStream open(Path file) {
    InputStream in = null;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": no such file");
    } catch (IOException e) {
      closeQuietly(in);
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in == null) return;
    try {
      in.close();
    } catch (IOException ignored) {
      // the read error being reported matters more than a failed close
    }
  }
}
