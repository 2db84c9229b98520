package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  private static final Configuration CONF = new Configuration();
  private static final NetworkShape SHAPE = new NetworkShape(3, 4, 5, 3, 2.5, Activation.TANH, BiasMode.CHANNEL);

  @TempDir Path tmp;

  /** Random parameters plus values that a lossy format would get wrong. */
  private static double[] parameters(NetworkShape shape, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] theta = new double[shape.size()];
    for (int i = 0; i < theta.length; i++) theta[i] = (rng.nextDouble() - 0.5) * Math.exp(20 * (rng.nextDouble() - 0.5));
    theta[0] = -0.0;
    theta[1] = Double.MIN_VALUE;
    theta[2] = -Double.MAX_VALUE;
    theta[3] = 1.0 / 3;
    return theta;
  }

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  private String saved(String name, double[] theta) {
    String dir = tmp.resolve(name).toString();
    ModelFiles.save(dir, SHAPE, theta, Map.of("note", "test", "epochs", 7), false, CONF);
    return dir;
  }

  private List<String> namesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Replaces a file's content as another tool would: directly, leaving no Hadoop checksum behind. */
  private static void replace(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static void editMetadata(Path model, String from, String to) throws IOException {
    Path meta = model.resolve("metadata.json");
    String json = Files.readString(meta);
    assertTrue(json.contains(from), json);
    replace(meta, json.replace(from, to).getBytes(StandardCharsets.UTF_8));
  }

  private static String loadError(String dir) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> ModelFiles.load(dir, CONF));
    assertTrue(e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException, e.toString());
    return e.getMessage();
  }

  @Test
  void saveThenLoadGivesTheSameShapeAndBitIdenticalParameters() {
    double[] theta = parameters(SHAPE, 1);
    String dir = saved("model", theta);
    ModelFiles.Loaded back = ModelFiles.load(dir, CONF);
    assertEquals(SHAPE, back.shape());
    assertArrayEquals(bits(theta), bits(back.theta()));
    assertEquals("test", back.info().path("note").asText());
    assertEquals(7, back.info().path("epochs").asInt());
    assertEquals(SHAPE, back.network().shape());
  }

  @Test
  void weightsFileIsTheDocumentedFormat() throws IOException {
    // Read independently of ModelFiles: "LBRNET01", an int count, then big-endian doubles.
    double[] theta = parameters(SHAPE, 2);
    Path weights = Path.of(saved("model", theta)).resolve("weights.bin");
    assertEquals(8 + 4 + 8L * SHAPE.size(), Files.size(weights));
    try (InputStream raw = Files.newInputStream(weights); DataInputStream in = new DataInputStream(raw)) {
      assertEquals("LBRNET01", new String(in.readNBytes(8), StandardCharsets.US_ASCII));
      assertEquals(SHAPE.size(), in.readInt());
      for (double v : theta) assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(in.readDouble()));
    }
  }

  @Test
  void savingOverAModelWithoutOverwriteIsAnError() throws IOException {
    double[] first = parameters(SHAPE, 1);
    String dir = saved("model", first);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.save(dir, SHAPE, parameters(SHAPE, 2), Map.of(), false, CONF));
    assertTrue(e.getMessage().contains(dir) && e.getMessage().contains("exists"), e.getMessage());
    assertArrayEquals(bits(first), bits(ModelFiles.load(dir, CONF).theta()), "the old model was touched");
    assertEquals(List.of("model"), namesIn(tmp));
  }

  @Test
  void overwriteReplacesTheModelAndLeavesNoTemporaryFolder() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    NetworkShape deeper = SHAPE.withDepth(8, 2.5);
    double[] second = parameters(deeper, 2);
    ModelFiles.save(dir, deeper, second, Map.of("round", 2), true, CONF);
    ModelFiles.Loaded back = ModelFiles.load(dir, CONF);
    assertEquals(deeper, back.shape());
    assertArrayEquals(bits(second), bits(back.theta()));
    assertEquals(2, back.info().path("round").asInt());
    assertEquals(List.of("model"), namesIn(tmp), "left behind next to the model");
    assertTrue(namesIn(tmp.resolve("model")).stream().noneMatch(n -> n.contains("tmp")), namesIn(tmp.resolve("model")).toString());
  }

  @Test
  void truncatedWeightsAreReportedNamingTheFile() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    Path weights = Path.of(dir, "weights.bin");
    byte[] all = Files.readAllBytes(weights);
    replace(weights, Arrays.copyOf(all, all.length - 5));
    String message = loadError(dir);
    assertTrue(message.contains("weights.bin") && message.contains("truncated"), message);
    // Cut inside the header too.
    replace(weights, Arrays.copyOf(all, 10));
    message = loadError(dir);
    assertTrue(message.contains("weights.bin") && message.contains("truncated"), message);
  }

  @Test
  void truncationUnderAHadoopChecksumIsReportedNamingTheFile() throws IOException {
    // Truncated in place with the checksum file still there: the file system notices first.
    String dir = saved("model", parameters(SHAPE, 1));
    Path weights = Path.of(dir, "weights.bin");
    byte[] all = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(all, all.length - 5));
    String message = loadError(dir);
    assertTrue(message.contains("weights.bin"), message);
  }

  @Test
  void wrongFormatNameIsReportedNamingTheFile() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    editMetadata(Path.of(dir), "\"layerbraid-resnet\"", "\"some-other-model\"");
    String message = loadError(dir);
    assertTrue(message.contains("metadata.json") && message.contains("'some-other-model'")
        && message.contains("layerbraid-resnet"), message);
  }

  @Test
  void newerVersionIsReportedNamingTheFile() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    editMetadata(Path.of(dir), "\"version\" : 2", "\"version\" : 3");
    String message = loadError(dir);
    assertTrue(message.contains("metadata.json") && message.contains("version 3") && message.contains("not supported"),
        message);
  }

  @Test
  void parameterCountNotMatchingTheShapeIsReportedNamingTheFile() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    editMetadata(Path.of(dir), "\"depth\" : 5", "\"depth\" : 6");
    int needed = SHAPE.withDepth(6, 2.5).size();
    String message = loadError(dir);
    assertTrue(message.contains("metadata.json") && message.contains("numParameters is " + SHAPE.size())
        && message.contains("needs " + needed), message);
    editMetadata(Path.of(dir), "\"numParameters\" : " + SHAPE.size(), "\"numParameters\" : " + needed);
    message = loadError(dir);
    assertTrue(message.contains("weights.bin is truncated") && message.contains("needs " + (12 + 8L * needed)), message);
  }

  @Test
  void aFileThatIsNotAWeightsFileIsReported() throws IOException {
    String dir = saved("model", parameters(SHAPE, 1));
    byte[] all = Files.readAllBytes(Path.of(dir, "weights.bin"));
    all[0] ^= 0x20;
    replace(Path.of(dir, "weights.bin"), all);
    String message = loadError(dir);
    assertTrue(message.contains("weights.bin") && message.contains("not a layerbraid weights file"), message);
  }

  @Test
  void aMissingModelIsReported() {
    String dir = tmp.resolve("nothing-here").toString();
    String message = loadError(dir);
    assertTrue(message.contains("no model at " + dir) && message.contains("metadata.json"), message);
  }
}
