package org.layerbraid.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.WarmStarts;
import org.layerbraid.report.EpochRecord;

/**
 * A {@link TrainingCheckpoint} and the settings it was made with as bytes: a magic number, the
 * format version, then big-endian fields (counts before their items), and a CRC32C of all of it at
 * the end. No Java serialization: a checkpoint file cannot run code. Reading checks the checksum over
 * the whole file first, then every count against the bytes left before anything is allocated, so a
 * damaged or hostile file is one {@link IllegalArgumentException} naming it.
 */
public final class CheckpointFormat {
  private static final long MAGIC = 0x4C42434B50543031L; // "LBCKPT01"
  static final int VERSION = 1;
  private static final int TRAILER = Integer.BYTES;

  private CheckpointFormat() {}

  /** What a checkpoint file holds. */
  public record Contents(Map<String, String> config, TrainingCheckpoint checkpoint) {}

  /** Opens the file afresh for each of the two passes of {@link #read}. */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  public static void write(OutputStream target, Map<String, String> config, TrainingCheckpoint c) throws IOException {
    CRC32C crc = new CRC32C();
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(target, crc), 1 << 16));
    out.writeLong(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(config.size());
    for (Map.Entry<String, String> e : config.entrySet()) {
      text(out, e.getKey());
      text(out, e.getValue());
    }
    out.writeInt(c.level());
    out.writeDouble(c.elapsedBefore());
    out.writeInt(c.stepsBefore());
    solves(out, c.levelSolves());
    records(out, c.earlierHistory());
    out.writeInt(c.levels().size());
    for (NestedResult.Level l : c.levels()) {
      out.writeInt(l.level());
      shape(out, l.shape());
      doubles(out, l.theta());
      out.writeInt(l.epochs());
      out.writeInt(l.keptEpoch());
      out.writeInt(l.steps());
      out.writeDouble(l.seconds());
      out.writeBoolean(l.reachedThreshold());
    }
    out.writeInt(c.refinements().size());
    for (NestedResult.Refinement r : c.refinements()) {
      out.writeInt(r.toLevel());
      out.writeInt(r.fromDepth());
      out.writeInt(r.toDepth());
      for (double v : new double[] {r.lossBefore(), r.accuracyBefore(), r.lossAfter(), r.accuracyAfter(), r.seconds()}) {
        out.writeDouble(v);
      }
    }
    TrainerState t = c.trainer();
    out.writeInt(t.epoch());
    out.writeInt(t.steps());
    doubles(out, t.theta());
    doubles(out, t.best());
    out.writeDouble(t.bestScore());
    out.writeInt(t.bestEpoch());
    doubles(out, t.optimizer().scalars());
    matrix(out, t.optimizer().vectors());
    records(out, t.history());
    out.writeDouble(t.seconds());
    PropagationState p = c.propagation();
    states(out, p.warmStarts().forward());
    states(out, p.warmStarts().backward());
    out.writeInt(p.boostedCalls().size());
    for (Map.Entry<Integer, Integer> e : p.boostedCalls().entrySet()) {
      out.writeInt(e.getKey());
      out.writeInt(e.getValue());
    }
    out.writeBoolean(p.stall() != null);
    if (p.stall() != null) {
      solves(out, p.stall().solves());
      out.writeBoolean(p.stall().tightened());
      doubles(out, p.stall().losses());
    }
    out.flush();
    new DataOutputStream(target).writeInt((int) crc.getValue());
  }

  /** Reads a file of {@code length} bytes; {@code name} goes into every refusal. */
  public static Contents read(Source source, long length, String name) throws IOException {
    if (length < Long.BYTES + Integer.BYTES + TRAILER) throw bad(name, "is truncated: " + length + " bytes");
    checkSum(source, length, name);
    try (In in = new In(new DataInputStream(new BufferedInputStream(source.open(), 1 << 16)), length - TRAILER, name)) {
      if (in.in.readLong() != MAGIC) throw bad(name, "is not a layerbraid checkpoint");
      in.left -= Long.BYTES;
      int version = in.integer();
      if (version != VERSION) throw bad(name, "has format version " + version + "; this build reads " + VERSION);
      Map<String, String> config = new LinkedHashMap<>();
      for (int i = in.count("config entries", 8); i > 0; i--) config.put(in.text(), in.text());
      int level = in.integer();
      double elapsed = in.number();
      int steps = in.integer();
      SolvesChange levelSolves = solves(in);
      List<EpochRecord> earlier = records(in);
      List<NestedResult.Level> levels = new ArrayList<>();
      for (int i = in.count("levels", 40); i > 0; i--) {
        levels.add(new NestedResult.Level(in.integer(), shape(in), in.doubles(), in.integer(), in.integer(), in.integer(),
            in.number(), in.flag()));
      }
      List<NestedResult.Refinement> refinements = new ArrayList<>();
      for (int i = in.count("refinements", 52); i > 0; i--) {
        refinements.add(new NestedResult.Refinement(in.integer(), in.integer(), in.integer(), in.number(), in.number(),
            in.number(), in.number(), in.number()));
      }
      TrainerState trainer = new TrainerState(in.integer(), in.integer(), in.doubles(), in.doubles(), in.number(),
          in.integer(), new Optimizer.State(in.doubles(), in.matrix()), records(in), in.number());
      WarmStarts warm = new WarmStarts(states(in), states(in));
      Map<Integer, Integer> calls = new HashMap<>();
      for (int i = in.count("boosted shards", 8); i > 0; i--) calls.put(in.integer(), in.integer());
      PropagationState.Stall stall = in.flag() ? new PropagationState.Stall(solves(in), in.flag(), in.doubles()) : null;
      if (in.left != 0) throw bad(name, "has " + in.left + " bytes after the checkpoint");
      return new Contents(config, new TrainingCheckpoint(level, elapsed, steps, levelSolves, earlier, levels, refinements,
          trainer, new PropagationState(warm, calls, stall)));
    } catch (EOFException e) {
      throw bad(name, "is truncated");
    } catch (IllegalArgumentException e) {
      throw String.valueOf(e.getMessage()).startsWith(name) ? e : bad(name, "holds an impossible value: " + e.getMessage());
    }
  }

  /** The CRC32C of everything before the trailer must be the trailer. */
  private static void checkSum(Source source, long length, String name) throws IOException {
    CRC32C crc = new CRC32C();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new CheckedInputStream(source.open(), crc), 1 << 16))) {
      in.skipNBytes(length - TRAILER);
      long computed = crc.getValue();
      int stored = in.readInt();
      if ((int) computed != stored || in.read() != -1) {
        throw bad(name, "fails its checksum: it was changed or damaged after it was written");
      }
    } catch (EOFException e) {
      throw bad(name, "is truncated");
    }
  }

  private static IllegalArgumentException bad(String name, String what) {
    return new IllegalArgumentException(name + " " + what);
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void doubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double x : v) out.writeDouble(x);
  }

  private static void matrix(DataOutputStream out, double[][] rows) throws IOException {
    out.writeInt(rows.length);
    for (double[] r : rows) doubles(out, r);
  }

  private static void states(DataOutputStream out, Map<Integer, double[][]> byShard) throws IOException {
    out.writeInt(byShard.size());
    for (Map.Entry<Integer, double[][]> e : byShard.entrySet()) {
      out.writeInt(e.getKey());
      matrix(out, e.getValue());
    }
  }

  private static Map<Integer, double[][]> states(In in) throws IOException {
    Map<Integer, double[][]> byShard = new HashMap<>();
    for (int i = in.count("shards", 8); i > 0; i--) byShard.put(in.integer(), in.matrix());
    return byShard;
  }

  private static void solves(DataOutputStream out, SolvesChange s) throws IOException {
    out.writeBoolean(s.changed());
    out.writeBoolean(s.serial());
    out.writeInt(s.forwardIterations());
    out.writeInt(s.backwardIterations());
  }

  private static SolvesChange solves(In in) throws IOException {
    return new SolvesChange(in.flag(), in.flag(), in.integer(), in.integer());
  }

  private static void shape(DataOutputStream out, NetworkShape s) throws IOException {
    out.writeInt(s.inputDim());
    out.writeInt(s.width());
    out.writeInt(s.depth());
    out.writeInt(s.numClasses());
    out.writeDouble(s.finalTime());
    text(out, s.activation().configName());
    text(out, s.biasMode().configName());
  }

  private static NetworkShape shape(In in) throws IOException {
    return new NetworkShape(in.integer(), in.integer(), in.integer(), in.integer(), in.number(),
        Activation.parse(in.text()), BiasMode.parse(in.text()));
  }

  private static final int RECORD_BYTES = 3 * Integer.BYTES + Long.BYTES + 10 * Double.BYTES;

  private static void records(DataOutputStream out, List<EpochRecord> records) throws IOException {
    out.writeInt(records.size());
    for (EpochRecord r : records) {
      out.writeInt(r.level());
      out.writeInt(r.depth());
      out.writeInt(r.epoch());
      out.writeLong(r.step());
      for (double v : new double[] {r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(),
          r.elapsedSeconds(), r.epochSeconds(), r.mgritForwardIterations(), r.mgritBackwardIterations(), r.mgritResidual(),
          r.examplesPerSecond()}) {
        out.writeDouble(v);
      }
    }
  }

  private static List<EpochRecord> records(In in) throws IOException {
    List<EpochRecord> records = new ArrayList<>();
    for (int i = in.count("epoch records", RECORD_BYTES); i > 0; i--) {
      records.add(new EpochRecord(in.integer(), in.integer(), in.integer(), in.longInteger(), in.number(), in.number(),
          in.number(), in.number(), in.number(), in.number(), in.number(), in.number(), in.number(), in.number()));
    }
    return records;
  }

  /** The fields of a file, with the bytes left: no count may promise more than they can hold. */
  private static final class In implements AutoCloseable {
    final DataInputStream in;
    long left;
    final String name;

    In(DataInputStream in, long left, String name) {
      this.in = in;
      this.left = left;
      this.name = name;
    }

    private void take(long bytes) throws EOFException {
      if (bytes > left) throw new EOFException();
      left -= bytes;
    }

    int integer() throws IOException {
      take(Integer.BYTES);
      return in.readInt();
    }

    long longInteger() throws IOException {
      take(Long.BYTES);
      return in.readLong();
    }

    double number() throws IOException {
      take(Double.BYTES);
      return in.readDouble();
    }

    boolean flag() throws IOException {
      take(1);
      return in.readBoolean();
    }

    /** A count of items of at least {@code bytesEach} bytes, checked against the bytes left. */
    int count(String what, long bytesEach) throws IOException {
      int n = integer();
      if (n < 0 || n * bytesEach > left) throw bad(name, "claims " + n + " " + what + "; " + left + " bytes are left");
      return n;
    }

    double[] doubles() throws IOException {
      double[] v = new double[count("numbers", Double.BYTES)];
      for (int i = 0; i < v.length; i++) v[i] = number();
      return v;
    }

    double[][] matrix() throws IOException {
      double[][] rows = new double[count("vectors", Integer.BYTES)][];
      for (int i = 0; i < rows.length; i++) rows[i] = doubles();
      return rows;
    }

    String text() throws IOException {
      byte[] b = new byte[count("bytes of text", 1)];
      in.readFully(b);
      left -= b.length;
      return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
