package org.layerbraid.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trained network on any Hadoop file system: {@code metadata.json} (format name, version, shape,
 * parameter count, free-form training info) and {@code weights.bin} (a magic number, the count,
 * then big-endian doubles). The folder is written under a temporary name and renamed into place,
 * so a reader never sees half a model. No Java serialization: a model file cannot run code.
 */
public final class ModelFiles {
  public static final String FORMAT = "layerbraid-resnet";
  public static final int VERSION = 1;
  private static final long MAGIC = 0x4C42524E45543031L; // "LBRNET01"
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFiles() {}

  public static void save(String dir, NetworkShape shape, double[] theta, Map<String, Object> info,
      boolean overwrite, Configuration conf) {
    Path target = new Path(dir);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException("model path " + dir + " exists; use overwrite to replace it");
      }
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
      fs.mkdirs(tmp);
      try (FSDataOutputStream out = fs.create(new Path(tmp, "metadata.json"))) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata(shape, theta.length, info)));
      }
      try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(fs.create(new Path(tmp, "weights.bin"))))) {
        out.writeLong(MAGIC);
        out.writeInt(theta.length);
        for (double v : theta) out.writeDouble(v);
      }
      if (fs.exists(target)) fs.delete(target, true);
      if (!fs.rename(tmp, target)) throw new IOException("could not rename " + tmp + " to " + target);
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

  /** A loaded model: its shape, parameters and the info stored with it. */
  public record Loaded(NetworkShape shape, double[] theta, JsonNode info) {
    public ResNet network() { return new ResNet(shape, theta); }
  }

  /** The shape a metadata file states; a missing or bad field fails naming the file. */
  private static NetworkShape shape(JsonNode s, Path metaPath) {
    try {
      return new NetworkShape(s.path("inputDim").asInt(), s.path("width").asInt(), s.path("depth").asInt(),
          s.path("numClasses").asInt(), s.path("finalTime").asDouble(), Activation.parse(s.path("activation").asText()),
          BiasMode.parse(s.path("bias").asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(metaPath + ": bad shape: " + e.getMessage(), e);
    }
  }

  public static Loaded load(String dir, Configuration conf) {
    Path base = new Path(dir);
    try {
      FileSystem fs = base.getFileSystem(conf);
      Path metaPath = new Path(base, "metadata.json");
      if (!fs.exists(metaPath)) throw new IllegalArgumentException("no model at " + dir + ": " + metaPath + " is missing");
      JsonNode m;
      try (FSDataInputStream in = fs.open(metaPath)) {
        m = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(metaPath + ": not valid JSON (" + e.getOriginalMessage() + "); expected the "
            + FORMAT + " metadata that ModelFiles writes", e);
      }
      if (!FORMAT.equals(m.path("format").asText())) {
        throw new IllegalArgumentException(metaPath + ": format is '" + m.path("format").asText() + "', expected " + FORMAT);
      }
      int version = m.path("version").asInt(-1);
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException(metaPath + ": version " + version + " is not supported (this build reads 1.." + VERSION + ")");
      }
      NetworkShape shape = shape(m.path("shape"), metaPath);
      double[] theta;
      Path weights = new Path(base, "weights.bin");
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(weights)))) {
        if (in.readLong() != MAGIC) throw new IllegalArgumentException(weights + ": not a layerbraid weights file");
        int n = in.readInt();
        if (n != shape.size()) {
          throw new IllegalArgumentException(weights + ": holds " + n + " parameters, the shape in metadata.json needs " + shape.size());
        }
        theta = new double[n];
        for (int i = 0; i < n; i++) theta[i] = in.readDouble();
      }
      return new Loaded(shape, theta, m.path("info"));
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException(dir + "/weights.bin is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading model from " + dir + ": " + e.getMessage(), e);
    }
  }
}
