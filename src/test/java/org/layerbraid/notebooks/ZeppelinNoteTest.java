package org.layerbraid.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Console$;
import scala.jdk.javaapi.CollectionConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * Runs {@code notebooks/layerbraid-peaks.zpln} the way Zeppelin's Spark interpreter (Scala 2.13)
 * runs a note: its {@code %spark} paragraphs in order, each as one request to a single Scala REPL
 * ({@code IMain} with class-based wrappers and a class output folder that Spark serves to its
 * executors), with {@code spark} and {@code sc} bound and the same imports made first. A paragraph
 * that does not compile or throws fails the test with its output; the display paragraphs must print
 * exactly what Zeppelin's display system draws: a {@code %table}, or {@code %html} with an inline
 * PNG. Nothing of the note is changed or overridden: it runs as a user would run it.
 */
class ZeppelinNoteTest {
  private static final Path NOTE = Path.of("notebooks", "layerbraid-peaks.zpln");
  /** The paragraph kinds the note may hold; any other interpreter would go untested, so it fails. */
  private static final Set<String> KNOWN_INTERPRETERS = Set.of("%md", "%spark.conf", "%spark");
  private static final Pattern IMG = Pattern.compile("%html <img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"/>");

  private static JsonNode note;
  private static SparkSession spark;
  private static IMain repl;
  /** Where the REPL reports and a paragraph's standard output goes: one paragraph's worth at a time. */
  private static final ByteArrayOutputStream replOutput = new ByteArrayOutputStream();
  private static final PrintStream replOut = new PrintStream(replOutput, true, StandardCharsets.UTF_8);
  private static final PrintWriter replWriter = new PrintWriter(new OutputStreamWriter(replOut, StandardCharsets.UTF_8), true);
  /** What the REPL and the paragraph's code printed, by paragraph title, in note order. */
  private static final Map<String, String> outputs = new LinkedHashMap<>();

  @TempDir
  static Path tmp;

  @BeforeAll
  static void runTheNote() throws IOException {
    note = new ObjectMapper().readTree(NOTE.toFile());
    File classes = tmp.resolve("repl-classes").toFile();
    assertTrue(classes.mkdirs());
    // As Zeppelin does: the REPL writes its classes here and Spark serves them to executors, so
    // closures written in a paragraph can run in tasks.
    spark = SparkSession.builder().master("local[2]").appName("ZeppelinNoteTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.repl.class.outputDir", classes.getAbsolutePath()).getOrCreate();

    repl = newRepl(classes);
    bindLikeZeppelin();

    for (JsonNode p : note.get("paragraphs")) {
      String text = p.get("text").asText();
      String interpreter = interpreter(text);
      if (!interpreter.equals("%spark")) continue;
      String title = p.get("title").asText();
      Ran ran = run(text.substring(interpreter.length()));
      if (ran.result() != Results.Success$.MODULE$) fail("paragraph '" + title + "' ended " + ran.result() + ":\n" + ran.printed());
      outputs.put(title, ran.printed());
    }
  }

  /** The paragraph's first word: Zeppelin's interpreter directive. */
  private static String interpreter(String text) {
    return text.split("\\s", 2)[0];
  }

  private static IMain newRepl(File classes) {
    Settings settings = new Settings();
    settings.processArguments(CollectionConverters.asScala(List.of("-Yrepl-class-based", "-Yrepl-outdir",
        classes.getAbsolutePath())).toList(), true);
    settings.embeddedDefaults(ZeppelinNoteTest.class.getClassLoader());
    // Surefire starts the JVM with a manifest-only jar as its class path; the real one is here.
    settings.classpath().value_$eq(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    IMain imain = new IMain(settings, new ReplReporterImpl(settings, replWriter));
    assertTrue(imain.initializeCompiler(), "the Scala compiler did not start");
    return imain;
  }

  /** The bindings and imports Zeppelin's Spark interpreter makes before the first paragraph. */
  private static void bindLikeZeppelin() {
    scala.collection.immutable.List<String> transientVal = CollectionConverters.asScala(List.of("@transient")).toList();
    // Zeppelin names the session's runtime class (in Spark 4, org.apache.spark.sql.classic.SparkSession).
    assertEquals(Results.Success$.MODULE$, repl.bind("spark", spark.getClass().getCanonicalName(), spark, transientVal));
    assertEquals(Results.Success$.MODULE$,
        repl.bind("sc", org.apache.spark.SparkContext.class.getName(), spark.sparkContext(), transientVal));
    for (String line : List.of("import org.apache.spark.SparkContext._", "import spark.implicits._", "import spark.sql",
        "import org.apache.spark.sql.functions._")) {
      assertEquals(Results.Success$.MODULE$, repl.interpret(line), line);
    }
  }

  /**
   * One paragraph as one request, with standard output (Scala's and Java's) going where the REPL
   * reports, and the REPL's class loader as the thread's context loader, as in Zeppelin.
   */
  private static Ran run(String code) {
    replOutput.reset();
    PrintStream systemOut = System.out;
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    System.setOut(replOut);
    thread.setContextClassLoader(repl.classLoader());
    Results.Result result;
    try {
      result = Console$.MODULE$.withOut(replOut, () -> repl.interpret(code));
    } finally {
      thread.setContextClassLoader(context);
      System.setOut(systemOut);
      replWriter.flush();
    }
    return new Ran(result, replOutput.toString(StandardCharsets.UTF_8));
  }

  private record Ran(Results.Result result, String printed) {}

  @AfterAll
  static void tearDown() {
    if (repl != null) repl.close();
    if (spark != null) spark.stop();
  }

  @Test
  void everyParagraphHasAKnownInterpreterAndEverySparkOneRan() {
    Set<String> ids = new HashSet<>();
    List<String> sparkTitles = new ArrayList<>();
    for (JsonNode p : note.get("paragraphs")) {
      String interpreter = interpreter(p.get("text").asText());
      assertTrue(KNOWN_INTERPRETERS.contains(interpreter), "unknown interpreter " + interpreter);
      assertTrue(ids.add(p.get("id").asText()), "duplicate paragraph id " + p.get("id"));
      assertTrue(p.get("config").get("enabled").asBoolean(), "disabled paragraph " + p.get("title"));
      if (interpreter.equals("%spark")) sparkTitles.add(p.get("title").asText());
    }
    assertEquals(sparkTitles, List.copyOf(outputs.keySet()), "titles must be unique and every %spark paragraph run");
    assertEquals("spark", note.get("defaultInterpreterGroup").asText());
  }

  @Test
  void theNoteUsesOnlyThePublicApiAndHasNothingToFillIn() {
    Pattern projectImport = Pattern.compile("import\\s+org\\.layerbraid\\.(\\w+)");
    for (JsonNode p : note.get("paragraphs")) {
      String text = p.get("text").asText();
      Matcher m = projectImport.matcher(text);
      while (m.find()) {
        assertEquals("ml", m.group(1), "paragraph '" + p.get("title").asText() + "' imports org.layerbraid." + m.group(1)
            + ": only org.layerbraid.ml is public API");
      }
      assertFalse(text.contains("/path/to"), "paragraph '" + p.get("title").asText() + "' holds a placeholder path");
    }
  }

  @Test
  void metricsAreAZeppelinTableAndTheNoteTrainsAUsefulClassifier() {
    List<String[]> rows = table("Metrics");
    assertArrayEquals(new String[] {"metric", "value"}, rows.get(0));
    assertTrue(rows.size() > 4, "metrics rows " + rows.size());
    // The values behind the table, read from the REPL: a short run, yet far above chance (20 %).
    assertTrue(term("trainAccuracy") > 0.8, "training accuracy " + term("trainAccuracy"));
    assertTrue(term("testAccuracy") > 0.75, "test accuracy " + term("testAccuracy"));
    assertTrue(term("gridAccuracy") > 0.7, "grid accuracy " + term("gridAccuracy"));
  }

  @Test
  void trainingHistoryHasOneRowPerEpochWithMgritAtWork() {
    List<String[]> rows = table("Training history");
    List<String> header = List.of(rows.get(0));
    int epoch = header.indexOf("epoch");
    int forward = header.indexOf("forward V-cycles");
    int adjoint = header.indexOf("adjoint V-cycles");
    int residual = header.indexOf("forward residual");
    assertTrue(epoch >= 0 && forward >= 0 && adjoint >= 0 && residual >= 0, "columns " + header);
    assertTrue(rows.size() > 2, "epochs " + (rows.size() - 1));
    for (int i = 1; i < rows.size(); i++) {
      String[] r = rows.get(i);
      assertEquals(String.valueOf(i), r[epoch], "epochs numbered 1, 2, ...");
      assertTrue(Double.parseDouble(r[forward]) > 0 && Double.parseDouble(r[adjoint]) > 0, "MGRIT solves in epoch " + i);
      double res = Double.parseDouble(r[residual]);
      assertTrue(res > 0 && Double.isFinite(res), "forward residual " + res + " in epoch " + i);
    }
  }

  @Test
  void mgritConvergenceAndDecisionMapAreInlinePngs() throws IOException {
    // The sizes Charts draws: an XChart of 800 x 560, and the decision map of a square grid.
    BufferedImage residuals = image("MGRIT convergence");
    assertEquals(800, residuals.getWidth());
    assertEquals(560, residuals.getHeight());
    BufferedImage map = image("Decision map");
    assertEquals(70 + 560 + 30 + 150, map.getWidth());
    assertEquals(50 + 560 + 60, map.getHeight());
    // Drawn pictures, not empty canvases: text, lines and class colours, anti-aliased.
    for (BufferedImage img : List.of(residuals, map)) assertTrue(colours(img) > 20, "colours " + colours(img));
  }

  private static int colours(BufferedImage img) {
    Set<Integer> rgb = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) rgb.add(img.getRGB(x, y));
    return rgb.size();
  }

  @Test
  void aParagraphThatThrowsOrDoesNotCompileIsCaught() {
    // What runTheNote relies on to fail: the REPL reports both as errors, and says why.
    Ran thrown = run("throw new IllegalStateException(\"paragraph failed\")");
    assertEquals(Results.Error$.MODULE$, thrown.result());
    assertTrue(thrown.printed().contains("IllegalStateException: paragraph failed"), thrown.printed());
    Ran notCompiled = run("val notCompiled: Int = \"text\"");
    assertEquals(Results.Error$.MODULE$, notCompiled.result());
    assertTrue(notCompiled.printed().contains("type mismatch"), notCompiled.printed());
  }

  private static double term(String name) {
    Object value = repl.valueOfTerm(name).getOrElse(() -> fail("the note defines no value '" + name + "'"));
    return (Double) value;
  }

  /** The paragraph's whole output as a %table: header and rows, all with the header's column count. */
  private static List<String[]> table(String title) {
    String printed = output(title);
    assertTrue(printed.startsWith("%table "), title + " does not print a %table:\n" + printed);
    String[] lines = printed.substring("%table ".length()).strip().split("\n");
    List<String[]> rows = new ArrayList<>();
    for (String line : lines) rows.add(line.split("\t", -1));
    for (String[] r : rows) assertEquals(rows.get(0).length, r.length, title + ": ragged row " + String.join("|", r));
    return rows;
  }

  /** The paragraph's whole output as one %html inline PNG, decoded. */
  private static BufferedImage image(String title) throws IOException {
    String printed = output(title).strip();
    Matcher m = IMG.matcher(printed);
    assertTrue(m.matches(), title + " does not print exactly one %html <img> of a PNG:\n" + printed);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
    assertNotNull(img, title + ": not a decodable PNG");
    return img;
  }

  private static String output(String title) {
    String output = outputs.get(title);
    assertNotNull(output, "no %spark paragraph titled '" + title + "'");
    return output;
  }
}
