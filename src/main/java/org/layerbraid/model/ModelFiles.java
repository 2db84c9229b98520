package org.layerbraid.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trained network on any Hadoop file system: {@code metadata.json} (format name, version, shape,
 * parameter count, free-form training info, checksum) and {@code weights.bin} (a magic number, the
 * count, then big-endian doubles). No Java serialization: a model file cannot run code.
 *
 * <p>A model folder is replaced through {@link PathReplacement}: the new one is written in full under
 * a hidden name, and the old one is moved aside, not deleted, until the new one is in place.
 *
 * <p>Loading trusts nothing in the files: every size is checked in exact arithmetic against
 * {@link NetworkShape#MAX_PARAMETERS} and against the length of {@code weights.bin} before anything
 * is allocated; NaN or infinite weights and trailing bytes are refused; from version 2 a CRC32C of
 * the metadata (without the checksum itself) and of {@code weights.bin} must match. Every refusal is
 * an {@link IllegalArgumentException} naming the file.
 */
public final class ModelFiles {
  public static final String FORMAT = "layerbraid-resnet";
  /** 1: no checksum; 2: {@code checksum}. Both are read. */
  public static final int VERSION = 2;
  private static final long MAGIC = 0x4C42524E45543031L; // "LBRNET01"
  private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;
  /** Far above any real metadata (a few kB), far below what would strain the driver's memory. */
  static final long MAX_METADATA_BYTES = 1 << 24;
  private static final String CHECKSUM = "checksum";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ModelFiles() {}

  public static void save(String dir, NetworkShape shape, double[] theta, Map<String, Object> info,
      boolean overwrite, Configuration conf) {
    try {
      FileSystem fs = new Path(dir).getFileSystem(conf);
      Path target = fs.makeQualified(new Path(dir));
      PathReplacement.recover(fs, target);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException("model path " + dir + " exists; use overwrite to replace it");
      }
      if (theta.length != shape.size()) {
        throw new IllegalArgumentException(theta.length + " parameters for a shape that has " + shape.size());
      }
      for (int i = 0; i < theta.length; i++) {
        // A model that cannot be loaded must not replace one that can.
        if (!Double.isFinite(theta[i])) throw new IllegalArgumentException("not saving " + dir + ": parameter " + i + " is " + theta[i]);
      }
      PathReplacement.write(fs, target, tmp -> {
        fs.mkdirs(tmp);
        CRC32C crc = new CRC32C();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
            new CheckedOutputStream(fs.create(new Path(tmp, "weights.bin")), crc)))) {
          out.writeLong(MAGIC);
          out.writeInt(theta.length);
          for (double v : theta) out.writeDouble(v);
        }
        ObjectNode m = metadata(shape, theta.length, info);
        // Parsed back, so that the bytes checksummed are those a reader's parse gives.
        crc.update(canonical(JSON.readTree(JSON.writeValueAsBytes(m))));
        m.put(CHECKSUM, hex(crc));
        try (FSDataOutputStream out = fs.create(new Path(tmp, "metadata.json"))) {
          out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("writing model to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode metadata(NetworkShape shape, int count, Map<String, Object> info) {
    ObjectNode m = JSON.createObjectNode();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    ObjectNode s = m.putObject("shape");
    s.put("inputDim", shape.inputDim());
    s.put("width", shape.width());
    s.put("depth", shape.depth());
    s.put("numClasses", shape.numClasses());
    s.put("finalTime", shape.finalTime());
    s.put("activation", shape.activation().configName());
    s.put("bias", shape.biasMode().configName());
    m.put("numParameters", count);
    m.set("info", JSON.valueToTree(info));
    return m;
  }

  /** The metadata as compact JSON without its checksum: what the checksum covers, whatever the layout. */
  private static byte[] canonical(JsonNode metadata) throws JsonProcessingException {
    ObjectNode copy = ((ObjectNode) metadata).deepCopy();
    copy.remove(CHECKSUM);
    return JSON.writeValueAsBytes(copy);
  }

  private static String hex(CRC32C crc) {
    return String.format("crc32c:%08x", crc.getValue());
  }

  /** A loaded model: its shape, parameters and the info stored with it. */
  public record Loaded(NetworkShape shape, double[] theta, JsonNode info) {
    public ResNet network() { return new ResNet(shape, theta); }
  }

  /** The shape a metadata file states; a missing or bad field fails naming the file. */
  private static NetworkShape shape(JsonNode s, Path metaPath) {
    try {
      return new NetworkShape(integer(s, "inputDim"), integer(s, "width"), integer(s, "depth"), integer(s, "numClasses"),
          number(s, "finalTime"), Activation.parse(text(s, "activation")), BiasMode.parse(text(s, "bias")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(metaPath + ": bad shape: " + e.getMessage(), e);
    }
  }

  private static int integer(JsonNode parent, String field) {
    JsonNode v = parent.path(field);
    if (!v.isInt()) throw new IllegalArgumentException(field + " must be an integer of at most 2^31-1, found " + v);
    return v.intValue();
  }

  private static double number(JsonNode parent, String field) {
    JsonNode v = parent.path(field);
    if (!v.isNumber()) throw new IllegalArgumentException(field + " must be a number, found " + v);
    return v.doubleValue();
  }

  private static String text(JsonNode parent, String field) {
    JsonNode v = parent.path(field);
    if (!v.isTextual()) throw new IllegalArgumentException(field + " must be a string, found " + v);
    return v.textValue();
  }

  public static Loaded load(String dir, Configuration conf) {
    Path base = new Path(dir);
    try {
      FileSystem fs = base.getFileSystem(conf);
      Path metaPath = new Path(base, "metadata.json");
      if (!fs.exists(metaPath)) throw new IllegalArgumentException("no model at " + dir + ": " + metaPath + " is missing");
      long metaBytes = fs.getFileStatus(metaPath).getLen();
      if (metaBytes > MAX_METADATA_BYTES) {
        throw new IllegalArgumentException(metaPath + ": " + metaBytes + " bytes; metadata is at most " + MAX_METADATA_BYTES);
      }
      JsonNode m;
      try (FSDataInputStream in = fs.open(metaPath)) {
        m = JSON.readTree(in.readNBytes((int) metaBytes));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(metaPath + ": not valid JSON (" + oneLine(e.getOriginalMessage())
            + "); expected the " + FORMAT + " metadata that ModelFiles writes", e);
      }
      if (!(m instanceof ObjectNode) || !FORMAT.equals(m.path("format").asText())) {
        throw new IllegalArgumentException(metaPath + ": format is '" + m.path("format").asText() + "', expected " + FORMAT);
      }
      int version = m.path("version").isInt() ? m.path("version").intValue() : -1;
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException(metaPath + ": version " + m.path("version") + " is not supported (this build reads 1.."
            + VERSION + ")");
      }
      NetworkShape shape = shape(m.path("shape"), metaPath);
      int n = shape.size();
      if (!m.path("numParameters").isInt() || m.path("numParameters").intValue() != n) {
        throw new IllegalArgumentException(metaPath + ": numParameters is " + m.path("numParameters") + ", the shape needs " + n);
      }
      Path weightsPath = new Path(base, "weights.bin");
      if (!fs.exists(weightsPath)) throw new IllegalArgumentException(weightsPath + " is missing");
      long expected = HEADER_BYTES + (long) Double.BYTES * n; // n <= 2^28: no overflow
      long actual = fs.getFileStatus(weightsPath).getLen();
      if (actual < expected) throw new IllegalArgumentException(weightsPath + " is truncated: " + actual + " bytes, the shape"
          + " in metadata.json needs " + expected);
      if (actual > expected) throw new IllegalArgumentException(weightsPath + ": " + (actual - expected) + " bytes after the "
          + n + " parameters the shape in metadata.json needs");
      CRC32C crc = new CRC32C();
      double[] theta = readWeights(fs, weightsPath, n, crc);
      if (version >= 2) {
        crc.update(canonical(m));
        String stored = m.path(CHECKSUM).asText();
        String computed = hex(crc);
        if (!computed.equals(stored)) {
          throw new IllegalArgumentException(base + ": checksum mismatch (metadata.json says '" + stored + "', the files give "
              + computed + "): the model was changed or damaged after it was written");
        }
      }
      return new Loaded(shape, theta, m.path("info"));
    } catch (IOException e) {
      throw new UncheckedIOException("reading model from " + dir + ": " + oneLine(e.getMessage()), e);
    }
  }

  /** The parameters of a weights file whose length has been checked; the bytes also go into {@code crc}. */
  private static double[] readWeights(FileSystem fs, Path path, int n, CRC32C crc) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new CheckedInputStream(fs.open(path), crc)))) {
      if (in.readLong() != MAGIC) throw new IllegalArgumentException(path + ": not a layerbraid weights file");
      int count = in.readInt();
      if (count != n) {
        throw new IllegalArgumentException(path + ": holds " + count + " parameters, the shape in metadata.json needs " + n);
      }
      double[] theta = new double[n];
      for (int i = 0; i < n; i++) {
        theta[i] = in.readDouble();
        if (!Double.isFinite(theta[i])) throw new IllegalArgumentException(path + ": parameter " + i + " is " + theta[i]);
      }
      // The length was checked, yet the file may have grown since.
      if (in.read() != -1) throw new IllegalArgumentException(path + ": bytes after the " + n + " parameters");
      return theta;
    } catch (EOFException e) {
      throw new IllegalArgumentException(path + " is truncated", e);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ");
  }
}
