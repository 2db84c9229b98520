package org.layerbraid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.layerbraid.model.PathReplacement;
import org.layerbraid.train.CheckpointFolder;

/**
 * A command's output folder, named by a Hadoop path: without a scheme it is resolved against
 * {@code fs.defaultFS}, which is the local file system unless a Hadoop configuration names another.
 * In YARN cluster mode the driver's working folder is deleted with its container, so results must
 * go to a shared file system such as HDFS.
 *
 * <p>One run's files are published together, so that the model, {@code metrics.json},
 * {@code epochs.csv} and the charts in the folder always come from the same run:
 * <ol>
 *   <li>the writers write local files into a hidden {@code .incoming-<id>/} inside the folder (on
 *       another file system: into a local temporary folder, copied there when the run has finished);
 *   <li>a manifest listing the run's entries is added to it, and a journal naming the run is
 *       written under a temporary name and renamed to {@code .layerbraid-publishing};
 *   <li>each entry of the previous run (the previous manifest's, or for a folder written before
 *       manifests existed, the names the project writes) is moved into {@code .previous-<id>/} and
 *       the new one renamed into place: a rename within one folder, never onto an existing name;
 *   <li>the hidden folders and the journal are deleted.
 * </ol>
 * A kill before step 2 leaves the previous run as it was, and its leftovers are deleted at the next
 * start; a kill after it is rolled forward at the next start. Files the project did not write are
 * never moved or deleted. A reader polling during step 3 (milliseconds) may see entries of both runs.
 */
final class OutputFolder {
  static final String MANIFEST = ".layerbraid-run.json";
  private static final String JOURNAL = ".layerbraid-publishing";
  private static final String INCOMING = ".incoming-";
  private static final String PREVIOUS = ".previous-";
  private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** Hidden names only this class, ModelFiles and AtomicFiles make: what a kill can leave behind. */
  private static final Pattern LEFTOVER = Pattern.compile("\\.(incoming-|previous-)" + UUID_RE
      + "|\\.layerbraid-publishing\\.tmp|\\..+\\.(tmp|old)-" + UUID_RE + "|\\..+\\." + UUID_RE + "\\.tmp");
  /** What train and evaluate write; in a folder without a manifest, these names are the project's. */
  private static final Pattern PROJECT_NAMES = Pattern.compile("metrics\\.json|epochs\\.csv|model|model-level-\\d+"
      + "|training_curves(_time)?\\.png|decision_map\\.png|evaluation\\.json|confusion_matrix\\.(csv|png)");
  /** A model folder's files, with the checksum files Hadoop's local file system keeps beside them. */
  private static final Pattern MODEL_FILES = Pattern.compile("\\.?(metadata\\.json|weights\\.bin)(\\.crc)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path target;
  private final FileSystem fs;
  private final String command;
  private final String runId;
  private final java.nio.file.Path local;
  private final boolean staged;

  private OutputFolder(Path target, FileSystem fs, String command, String runId, java.nio.file.Path local,
      boolean staged) {
    this.target = target;
    this.fs = fs;
    this.command = command;
    this.runId = runId;
    this.local = local;
    this.staged = staged;
  }

  /**
   * Resolves the folder before the command's work, so that an unusable path or a folder holding
   * other results fails in seconds, not after the run; cleans up after a run that was killed.
   *
   * @param option the option that named the folder, for messages
   * @param command the command writing it; a folder holding another command's results is refused
   * @param replace whether a previous run of the same command may be replaced; otherwise a folder
   *     holding one is refused
   */
  static OutputFolder of(String out, Configuration hadoop, String option, String command, boolean replace) {
    FileSystem fs;
    Path qualified;
    boolean isFile;
    try {
      Path p = new Path(out);
      fs = p.getFileSystem(hadoop);
      qualified = fs.makeQualified(p);
      isFile = fs.exists(qualified) && !fs.getFileStatus(qualified).isDirectory();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " " + out + ": not a usable Hadoop path: " + e.getMessage(), e);
    }
    if (isFile) throw new IllegalArgumentException(option + " " + out + " is a file; expected a folder");
    String runId = UUID.randomUUID().toString();
    try {
      recover(fs, qualified);
      String previous = previousCommand(fs, qualified);
      if (previous != null && !previous.equals(command)) {
        throw new IllegalArgumentException(option + " " + out + " holds the results of 'layerbraid " + previous + "'; "
            + command + " needs a folder of its own");
      }
      List<String> foreign = foreignFilesInEntries(fs, qualified);
      if (previous != null && !foreign.isEmpty()) {
        throw new IllegalArgumentException(option + " " + out + ": " + String.join(", ", foreign) + " inside the results of the"
            + " earlier run were not written by layerbraid and would be replaced with them; move them elsewhere first");
      }
      if (previous != null && !replace) {
        throw new IllegalArgumentException(option + " " + out + " holds the results of an earlier run ("
            + String.join(", ", projectEntries(fs, qualified)) + "); pass --overwrite to replace them (other files are"
            + " kept), or choose another folder");
      }
      boolean staged = !"file".equals(qualified.toUri().getScheme());
      java.nio.file.Path local = staged ? Files.createTempDirectory("layerbraid-out-")
          : java.nio.file.Path.of(new Path(qualified, INCOMING + runId).toUri());
      return new OutputFolder(qualified, fs, command, runId, local, staged);
    } catch (IOException e) {
      throw new UncheckedIOException(option + " " + out + ": " + e.getMessage(), e);
    }
  }

  /** Where the writers write; made on first use, so that a run that fails earlier leaves nothing. */
  java.nio.file.Path local() {
    try {
      return Files.createDirectories(local);
    } catch (IOException e) {
      throw new UncheckedIOException("creating " + local + ": " + e.getMessage(), e);
    }
  }

  /** The file system the folder is on. */
  FileSystem fileSystem() { return fs; }

  /** The folder as a qualified Hadoop path (where train's checkpoint lives, beside the published run). */
  Path path() { return target; }

  /** The identity of this run, also stored in its manifest and metrics. */
  String runId() { return runId; }

  /** The folder as the user finds it afterwards: a local path, or the other file system's URI. */
  String target() {
    return staged ? target.toString() : java.nio.file.Path.of(target.toUri()).toAbsolutePath().toString();
  }

  /** Puts the finished run's files in place of the previous run's (see the class comment). */
  void publish() {
    Path incoming = new Path(target, INCOMING + runId);
    try {
      if (staged) {
        fs.mkdirs(target);
        FileUtil.copy(FileSystem.getLocal(fs.getConf()), new Path(local.toUri()), fs, incoming, false, fs.getConf());
        FileUtil.fullyDelete(local.toFile());
      }
      List<String> entries = new ArrayList<>();
      for (FileStatus s : fs.listStatus(incoming)) entries.add(s.getPath().getName());
      entries.sort(null);
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("command", command);
      manifest.put("run_id", runId);
      manifest.put("entries", entries);
      write(new Path(incoming, MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      Path journalTmp = new Path(target, JOURNAL + ".tmp");
      write(journalTmp, runId.getBytes(StandardCharsets.UTF_8));
      rename(fs, journalTmp, new Path(target, JOURNAL));
      rollForward(fs, target, runId);
    } catch (IOException e) {
      throw new UncheckedIOException("publishing the results in " + target() + ": " + e.getMessage(), e);
    }
  }

  private void write(Path file, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  /** Finishes a publication whose journal was written; deletes what an unfinished one left. */
  private static void recover(FileSystem fs, Path folder) throws IOException {
    if (!fs.exists(folder)) return;
    Path journal = new Path(folder, JOURNAL);
    if (fs.exists(journal)) {
      String id;
      try (FSDataInputStream in = fs.open(journal)) {
        id = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (id.matches(UUID_RE) && fs.exists(new Path(folder, INCOMING + id))) rollForward(fs, folder, id);
      fs.delete(journal, false);
    }
    // Before the leftovers go: a kill while a checkpoint was being replaced may have left it only aside.
    PathReplacement.recover(fs, new Path(folder, CheckpointFolder.NAME));
    for (FileStatus s : fs.listStatus(folder)) {
      if (LEFTOVER.matcher(s.getPath().getName()).matches()) fs.delete(s.getPath(), true);
    }
  }

  /**
   * Moves the entries of run {@code id} into place, the previous ones aside; safe to repeat after a
   * kill at any point, since each step checks what is still to do. The manifest goes last: while
   * the old one is in place, it still says which entries of the previous run are left.
   */
  private static void rollForward(FileSystem fs, Path folder, String id) throws IOException {
    Path incoming = new Path(folder, INCOMING + id);
    Path previous = new Path(folder, PREVIOUS + id);
    fs.mkdirs(previous);
    if (fs.exists(new Path(incoming, MANIFEST))) {
      List<String> next = entries(fs, new Path(incoming, MANIFEST));
      for (String old : projectEntries(fs, folder)) {
        if (!next.contains(old)) rename(fs, new Path(folder, old), new Path(previous, old));
      }
    }
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(incoming)) names.add(s.getPath().getName());
    names.sort((a, b) -> Boolean.compare(a.equals(MANIFEST), b.equals(MANIFEST)));
    for (String name : names) {
      Path placed = new Path(folder, name);
      if (fs.exists(placed)) rename(fs, placed, new Path(previous, name));
      rename(fs, new Path(incoming, name), placed);
    }
    fs.delete(previous, true);
    fs.delete(incoming, true);
    fs.delete(new Path(folder, JOURNAL), false);
  }

  /** The entries of the run now in the folder: its manifest's, or the project's names for an older folder. */
  private static List<String> projectEntries(FileSystem fs, Path folder) throws IOException {
    Path manifest = new Path(folder, MANIFEST);
    List<String> names = new ArrayList<>();
    if (fs.exists(manifest)) {
      for (String n : entries(fs, manifest)) if (fs.exists(new Path(folder, n))) names.add(n);
      return names;
    }
    if (!fs.exists(folder)) return names;
    for (FileStatus s : fs.listStatus(folder)) {
      if (PROJECT_NAMES.matcher(s.getPath().getName()).matches()) names.add(s.getPath().getName());
    }
    names.sort(null);
    return names;
  }

  /** Files inside the previous run's model folders that a model folder does not hold: somebody else's. */
  private static List<String> foreignFilesInEntries(FileSystem fs, Path folder) throws IOException {
    List<String> foreign = new ArrayList<>();
    for (String entry : projectEntries(fs, folder)) {
      Path p = new Path(folder, entry);
      if (!entry.startsWith("model") || !fs.getFileStatus(p).isDirectory()) continue;
      for (FileStatus s : fs.listStatus(p)) {
        String name = s.getPath().getName();
        if (!MODEL_FILES.matcher(name).matches()) foreign.add(entry + "/" + name);
      }
    }
    return foreign;
  }

  private static List<String> entries(FileSystem fs, Path manifest) throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode n : read(fs, manifest).path("entries")) {
      // A name with a separator would reach outside the folder: not one this class wrote.
      if (n.isTextual() && !n.asText().contains("/") && !n.asText().isEmpty() && !n.asText().startsWith(".")) {
        names.add(n.asText());
      }
    }
    return names;
  }

  private static JsonNode read(FileSystem fs, Path manifest) throws IOException {
    try (FSDataInputStream in = fs.open(manifest)) {
      return JSON.readTree(in.readAllBytes());
    }
  }

  /**
   * The command whose results the folder holds: its manifest says; a folder written before
   * manifests existed holds train's when it has a model or metrics, evaluate's when it has an
   * evaluation; null when it holds neither.
   */
  private static String previousCommand(FileSystem fs, Path folder) throws IOException {
    if (!fs.exists(folder)) return null;
    Path manifest = new Path(folder, MANIFEST);
    if (fs.exists(manifest)) return read(fs, manifest).path("command").asText("an unknown command");
    List<String> found = projectEntries(fs, folder);
    if (found.isEmpty()) return null;
    return found.stream().allMatch(n -> n.startsWith("evaluation") || n.startsWith("confusion")) ? "evaluate" : "train";
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) throw new IOException("could not rename " + from + " to " + to);
  }
}
