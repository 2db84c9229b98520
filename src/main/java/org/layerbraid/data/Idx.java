package org.layerbraid.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reader for the IDX files of MNIST and Fashion-MNIST (unsigned bytes, big-endian header),
 * plain or gzipped. Pixels become values in [0, 1]; labels are checked against the class count.
 */
public final class Idx {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private Idx() {}

  /** Images as a column-major {@code rows·cols × count} matrix: one image per column. */
  public record Images(int count, int rows, int cols, double[] pixels) {}

  public static Images readImages(Path file) {
    try (DataInputStream in = new DataInputStream(LocalFiles.open(file))) {
      checkMagic(in, IMAGES_MAGIC, file, "image file (ubyte, 3 dimensions)");
      int count = dimension(in, file, "image count");
      int rows = dimension(in, file, "row count");
      int cols = dimension(in, file, "column count");
      long total = (long) count * rows * cols;
      if (total > Integer.MAX_VALUE - 8) throw new DataException(file + ": " + total + " pixels do not fit in one array");
      byte[] raw = body(in, (int) total, file);
      double[] pixels = new double[raw.length];
      for (int k = 0; k < raw.length; k++) pixels[k] = (raw[k] & 0xff) / 255.0;
      return new Images(count, rows, cols, pixels);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  public static int[] readLabels(Path file, int numClasses) {
    try (DataInputStream in = new DataInputStream(LocalFiles.open(file))) {
      checkMagic(in, LABELS_MAGIC, file, "label file (ubyte, 1 dimension)");
      int count = dimension(in, file, "label count");
      byte[] raw = body(in, count, file);
      int[] labels = new int[count];
      for (int k = 0; k < count; k++) {
        labels[k] = raw[k] & 0xff;
        if (labels[k] >= numClasses) {
          throw new DataException(file + " label " + k + ": class " + labels[k]
              + " is out of range; expected " + Fields.classRange(numClasses));
        }
      }
      return labels;
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** An image file and its label file as one set of examples, one image per example. */
  public static Examples read(Path images, Path labels, int numClasses) {
    Images im = readImages(images);
    int[] y = readLabels(labels, numClasses);
    if (y.length != im.count()) {
      throw new DataException(images + " holds " + im.count() + " images but " + labels + " holds "
          + y.length + " labels; expected the same count");
    }
    return new Examples(im.rows() * im.cols(), numClasses, im.pixels(), y);
  }

  private static void checkMagic(DataInputStream in, int expected, Path file, String what) throws IOException {
    int magic = header(in, file, "magic number");
    if (magic != expected) {
      throw new DataException(String.format("%s: magic number 0x%08X, expected 0x%08X for an IDX %s",
          file, magic, expected, what));
    }
  }

  private static int dimension(DataInputStream in, Path file, String what) throws IOException {
    int d = header(in, file, what);
    if (d < 0) throw new DataException(file + ": " + what + " " + Integer.toUnsignedString(d) + " is too large");
    return d;
  }

  private static int header(DataInputStream in, Path file, String what) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new DataException(file + ": truncated header, missing the " + what);
    }
  }

  private static byte[] body(InputStream in, int n, Path file) throws IOException {
    byte[] raw = new byte[n];
    int got = in.readNBytes(raw, 0, n);
    if (got < n) throw new DataException(file + ": truncated, expected " + n + " data bytes, found " + got);
    if (in.read() != -1) throw new DataException(file + ": trailing bytes after the " + n + " data bytes the header announces");
    return raw;
  }
}
