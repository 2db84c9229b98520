package org.layerbraid.model;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files damaged or written by someone hostile: every one is refused with a one-line
 * {@link IllegalArgumentException} (or an {@link UncheckedIOException} for I/O), before anything
 * the files' sizes ask for is allocated; none crashes the JVM, runs out of memory or loads changed.
 */
class ModelFilesHostileTest {
  private static final Configuration CONF = new Configuration();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NetworkShape SHAPE = new NetworkShape(3, 4, 5, 3, 2.5, Activation.TANH, BiasMode.CHANNEL);

  @TempDir Path tmp;
  private double[] theta;
  private byte[] metadata;
  private byte[] weights;

  @BeforeEach
  void saveOne() throws IOException {
    SplittableRandom rng = new SplittableRandom(3);
    theta = new double[SHAPE.size()];
    for (int i = 0; i < theta.length; i++) theta[i] = rng.nextGaussian();
    Path dir = tmp.resolve("original");
    ModelFiles.save(dir.toString(), SHAPE, theta, Map.of("note", "fuzzed", "accuracy", 0.75), false, CONF);
    metadata = Files.readAllBytes(dir.resolve("metadata.json"));
    weights = Files.readAllBytes(dir.resolve("weights.bin"));
  }

  /** A model folder with the given files, written as another tool would: no Hadoop checksum files. */
  private String model(String name, byte[] meta, byte[] bin) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.write(dir.resolve("metadata.json"), meta);
    Files.write(dir.resolve("weights.bin"), bin);
    return dir.toString();
  }

  private byte[] editedMetadata(UnaryOperator<ObjectNode> edit) throws IOException {
    return JSON.writeValueAsBytes(edit.apply((ObjectNode) JSON.readTree(metadata)));
  }

  /** The load's one-line refusal; fails the test on anything else. */
  private static String refusal(String dir) {
    Throwable t;
    try {
      ModelFiles.Loaded loaded = ModelFiles.load(dir, CONF);
      return fail("loaded: " + loaded.shape());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      t = e;
    }
    assertNotNull(t.getMessage());
    assertFalse(t.getMessage().contains("\n"), t.getMessage());
    return t.getMessage();
  }

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void aWidthWhoseParameterCountOverflowsAnIntIsRefusedBeforeAnythingIsRead() throws IOException {
    // 65536² overflows int to 0: without exact arithmetic the count "matched" and BLAS read past the array.
    String dir = model("wide", editedMetadata(m -> {
      ((ObjectNode) m.get("shape")).put("width", 65536);
      return m;
    }), weights);
    String message = refusal(dir);
    assertTrue(message.contains("metadata.json: bad shape") && message.contains("width 65536")
        && message.contains("at most " + NetworkShape.MAX_PARAMETERS), message);
  }

  @Test
  void aTinyWeightsFileClaimingBillionsOfParametersIsRefusedWithoutAllocating() throws IOException {
    byte[] twelve = Arrays.copyOf(weights, 12);
    ByteBuffer.wrap(twelve).putInt(8, 2_100_000_000);
    String message = refusal(model("claims", metadata, twelve));
    assertTrue(message.contains("weights.bin is truncated: 12 bytes") && message.contains("needs " + (12 + 8L * SHAPE.size())),
        message);
    // The same claim backed by the metadata: refused by the limit on the shape.
    String both = refusal(model("claims-both", editedMetadata(m -> {
      ((ObjectNode) m.get("shape")).put("depth", 2_000_000_000);
      return m;
    }), twelve));
    assertTrue(both.contains("bad shape") && both.contains("2000000000 layers"), both);
  }

  /** The metadata as version 1 wrote it: no checksum. */
  private byte[] versionOneMetadata() throws IOException {
    return editedMetadata(m -> {
      m.put("version", 1);
      m.remove("checksum");
      return m;
    });
  }

  @Test
  void nanAndInfiniteWeightsAreRefusedEvenInAnOldModelWithoutChecksum() throws IOException {
    byte[] v1 = versionOneMetadata();
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      byte[] bin = weights.clone();
      ByteBuffer.wrap(bin).putDouble(12 + 8 * 7, bad);
      String message = refusal(model("bad-" + bad, v1, bin));
      assertTrue(message.contains("weights.bin: parameter 7 is " + bad), message);
    }
  }

  @Test
  void anOldModelWithoutChecksumStillLoads() throws IOException {
    byte[] v1 = versionOneMetadata();
    ModelFiles.Loaded back = ModelFiles.load(model("v1", v1, weights), CONF);
    assertEquals(SHAPE, back.shape());
    assertArrayEquals(bits(theta), bits(back.theta()));
  }

  @Test
  void trailingBytesAreRefused() throws IOException {
    byte[] longer = Arrays.copyOf(weights, weights.length + 8);
    String message = refusal(model("trailing", metadata, longer));
    assertTrue(message.contains("weights.bin: 8 bytes after the " + SHAPE.size() + " parameters"), message);
  }

  @Test
  void aChangedWeightOrShapeFieldFailsTheChecksum() throws IOException {
    byte[] bin = weights.clone();
    bin[12 + 8 * 3 + 7] ^= 1; // the lowest mantissa bit: still a finite number
    String message = refusal(model("weight", metadata, bin));
    assertTrue(message.contains("checksum mismatch") && message.contains("changed or damaged"), message);
    message = refusal(model("time", editedMetadata(m -> {
      ((ObjectNode) m.get("shape")).put("finalTime", 2.0);
      return m;
    }), weights));
    assertTrue(message.contains("checksum mismatch"), message);
  }

  /**
   * Seeded and bounded: byte flips anywhere in either file, truncations, bytes appended, and edits
   * of every metadata field to hostile values. Each case is refused with one line, or (an edit that
   * changes nothing the load reads, e.g. JSON layout) loads the original network bit for bit.
   */
  @Test
  void fuzzedModelsAreRefusedCleanly() throws IOException {
    SplittableRandom rng = new SplittableRandom(20);
    List<String> fields = List.of("format", "version", "numParameters", "checksum", "shape.inputDim", "shape.width",
        "shape.depth", "shape.numClasses", "shape.finalTime", "shape.activation", "shape.bias");
    List<Object> hostile = List.of(0, -1, 1, 2, 65536, 100000, Integer.MAX_VALUE, Integer.MIN_VALUE, 4294967304L,
        Long.MAX_VALUE, 1e300, -0.0, Double.NaN, "NaN", "", "tanh", "channel", "crc32c:00000000", true);
    int cases = 0, refused = 0, unchanged = 0;
    for (int c = 0; c < 600; c++) {
      byte[] meta = metadata.clone(), bin = weights.clone();
      int kind = c % 4;
      if (kind == 0) { // one byte flipped
        byte[] file = rng.nextBoolean() ? meta : bin;
        file[rng.nextInt(file.length)] ^= (byte) (1 + rng.nextInt(255));
      } else if (kind == 1) { // cut short
        if (rng.nextBoolean()) {
          meta = Arrays.copyOf(meta, rng.nextInt(meta.length));
        } else {
          bin = Arrays.copyOf(bin, rng.nextInt(bin.length));
        }
      } else if (kind == 2) { // a metadata field set to a hostile value, or removed
        String field = fields.get(rng.nextInt(fields.size()));
        Object value = rng.nextInt(8) == 0 ? null : hostile.get(rng.nextInt(hostile.size()));
        meta = editedMetadata(m -> {
          ObjectNode parent = field.startsWith("shape.") ? (ObjectNode) m.get("shape") : m;
          String name = field.substring(field.indexOf('.') + 1);
          if (value == null) {
            parent.remove(name);
          } else {
            parent.set(name, JSON.valueToTree(value));
          }
          return m;
        });
      } else { // bytes appended, or the count in the header changed
        if (rng.nextBoolean()) {
          bin = Arrays.copyOf(bin, bin.length + 1 + rng.nextInt(16));
        } else {
          ByteBuffer.wrap(bin).putInt(8, rng.nextInt());
        }
      }
      cases++;
      String dir = model("case-" + c, meta, bin);
      try {
        ModelFiles.Loaded back = ModelFiles.load(dir, CONF);
        assertEquals(SHAPE, back.shape(), "case " + c + " loaded a changed shape");
        assertArrayEquals(bits(theta), bits(back.theta()), "case " + c + " loaded changed weights");
        unchanged++;
      } catch (IllegalArgumentException | UncheckedIOException e) {
        assertNotNull(e.getMessage(), "case " + c);
        assertFalse(e.getMessage().contains("\n"), "case " + c + ": " + e.getMessage());
        refused++;
      }
    }
    System.out.printf("model fuzz: %d cases, %d refused with one line, %d loaded unchanged, 0 crashes%n", cases, refused,
        unchanged);
    assertEquals(cases, refused + unchanged);
    assertTrue(refused >= cases * 9 / 10, refused + " of " + cases);
  }

  @Test
  void aModelWithNonFiniteParametersIsNotSavedAndTheOldOneStays() throws IOException {
    String dir = tmp.resolve("original").toString();
    double[] bad = theta.clone();
    bad[4] = Double.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.save(dir, SHAPE, bad, Map.of(), true, CONF));
    assertTrue(e.getMessage().contains("parameter 4 is NaN"), e.getMessage());
    assertArrayEquals(bits(theta), bits(ModelFiles.load(dir, CONF).theta()));
    assertEquals(new String(metadata, StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("original/metadata.json")));
  }
}
