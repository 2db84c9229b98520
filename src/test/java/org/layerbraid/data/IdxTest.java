package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** Header ints followed by the data bytes, as the IDX format lays them out. */
  private static byte[] idx(int[] header, int... data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (int h : header) out.writeInt(h);
    for (int d : data) out.writeByte(d);
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      out.write(content);
    }
    return p;
  }

  /** Two 2×3 images: the first 0,51,102 / 153,204,255, the second all 255 except a 0 at the end. */
  private byte[] twoImages() throws IOException {
    return idx(new int[] {0x803, 2, 2, 3}, 0, 51, 102, 153, 204, 255, 255, 255, 255, 255, 255, 0);
  }

  @Test
  void decodesPlainImagesAndLabels() throws IOException {
    Examples e = Idx.read(write("img", twoImages(), false), write("lab", idx(new int[] {0x801, 2}, 3, 0), false), 4);
    assertEquals(6, e.dim());
    assertEquals(2, e.size());
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 0}, e.features(), 1e-15);
    assertArrayEquals(new int[] {3, 0}, e.labels());
  }

  @Test
  void decodesGzippedFilesIdentically() throws IOException {
    Examples plain = Idx.read(write("a", twoImages(), false), write("b", idx(new int[] {0x801, 2}, 1, 2), false), 3);
    Examples gz = Idx.read(write("a.gz", twoImages(), true), write("b.gz", idx(new int[] {0x801, 2}, 1, 2), true), 3);
    assertArrayEquals(plain.features(), gz.features());
    assertArrayEquals(plain.labels(), gz.labels());
  }

  @Test
  void badMagicNamesTheFile() throws IOException {
    Path p = write("lab", idx(new int[] {0x803, 1}, 0), false);
    DataException e = assertThrows(DataException.class, () -> Idx.readLabels(p, 10));
    assertTrue(e.getMessage().startsWith(p + ": magic number 0x00000803, expected 0x00000801"), e.getMessage());
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    byte[] full = twoImages();
    Path p = write("img.gz", Arrays.copyOf(full, full.length - 2), true);
    DataException e = assertThrows(DataException.class, () -> Idx.readImages(p));
    assertEquals(p + ": truncated, expected 12 data bytes, found 10", e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path p = write("img", idx(new int[] {0x803, 2}), false);
    DataException e = assertThrows(DataException.class, () -> Idx.readImages(p));
    assertEquals(p + ": truncated header, missing the row count", e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    Path img = write("img", twoImages(), false);
    Path lab = write("lab", idx(new int[] {0x801, 3}, 0, 1, 2), false);
    DataException e = assertThrows(DataException.class, () -> Idx.read(img, lab, 3));
    assertEquals(img + " holds 2 images but " + lab + " holds 3 labels; expected the same count", e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesFileAndPosition() throws IOException {
    Path lab = write("lab", idx(new int[] {0x801, 3}, 0, 9, 10), false);
    DataException e = assertThrows(DataException.class, () -> Idx.readLabels(lab, 10));
    assertEquals(lab + " label 2: class 10 is out of range; expected a 0-based class index 0..9", e.getMessage());
  }

  @Test
  void missingFashionMnistSaysHowToGetIt() {
    DataException e = assertThrows(DataException.class, () -> FashionMnist.load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().contains(dir.resolve("nowhere").resolve("train-images-idx3-ubyte.gz").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
  }

  @Test
  void fashionMnistAcceptsAFolderOfPlainFiles() throws IOException {
    write("train-images-idx3-ubyte", twoImages(), false);
    write("train-labels-idx1-ubyte", idx(new int[] {0x801, 2}, 9, 8), false);
    write("t10k-images-idx3-ubyte.gz", twoImages(), true);
    write("t10k-labels-idx1-ubyte.gz", idx(new int[] {0x801, 2}, 0, 1), true);
    FashionMnist.Split s = FashionMnist.load(dir);
    assertArrayEquals(new int[] {9, 8}, s.train().labels());
    assertArrayEquals(new int[] {0, 1}, s.test().labels());
  }

  @Test
  void realFashionMnistHasItsPublishedShape() {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "dataset-fashion-mnist not installed");
    FashionMnist.Split s = FashionMnist.load();
    assertEquals(60000, s.train().size());
    assertEquals(10000, s.test().size());
    assertEquals(784, s.train().dim());
    int[] perClass = new int[10];
    Arrays.fill(perClass, 6000);
    assertArrayEquals(perClass, s.train().classCounts());
    Arrays.fill(perClass, 1000);
    assertArrayEquals(perClass, s.test().classCounts());
    double min = Arrays.stream(s.test().features()).min().orElseThrow();
    double max = Arrays.stream(s.test().features()).max().orElseThrow();
    assertEquals(0.0, min);
    assertEquals(1.0, max);
  }
}
