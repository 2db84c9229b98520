package org.layerbraid.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test images of 28×28 pixels in
 * 10 classes. Debian ships it as {@code dataset-fashion-mnist}; any folder with the four IDX files,
 * gzipped or not, works too.
 */
public final class FashionMnist {
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;
  public static final int DIM = 28 * 28;
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private FashionMnist() {}

  public record Split(Examples train, Examples test) {}

  public static Split load() { return load(DEFAULT_DIR); }

  public static Split load(Path dir) {
    return new Split(Idx.read(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), CLASSES), test(dir));
  }

  /** The 10,000 test images alone. */
  public static Examples test(Path dir) {
    return Idx.read(find(dir, TEST_IMAGES), find(dir, TEST_LABELS), CLASSES);
  }

  /** The gzipped file as distributed, else an already unpacked one. */
  private static Path find(Path dir, String name) {
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) return gz;
    Path plain = dir.resolve(name);
    if (Files.isRegularFile(plain)) return plain;
    throw new DataException("Fashion-MNIST not found: " + gz + " does not exist. Install it with "
        + "'sudo apt-get install dataset-fashion-mnist', or point data.path at a folder holding the four IDX files "
        + TRAIN_IMAGES + ".gz, " + TRAIN_LABELS + ".gz, " + TEST_IMAGES + ".gz, " + TEST_LABELS + ".gz (gzipped or not)");
  }
}
