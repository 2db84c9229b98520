package org.layerbraid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ludovic.netlib.blas.BLAS;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbraid.cli.Main;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Mat;

/** The benchmark on tiny shapes and times: every cell present and sane. No timing assertions. */
class KernelBenchmarkTest {
  static final List<Integer> WIDTHS = List.of(2, 5);
  static final List<Integer> BATCHES = List.of(3, 7);
  static KernelReport report;
  static BLAS before;

  @BeforeAll
  static void run() {
    before = Mat.blas();
    KernelOptions options = new KernelOptions(WIDTHS, BATCHES, BlasChoice.available(), 0.003, 0.001, 3,
        Activation.TANH, BiasMode.CHANNEL, 0.1, 5);
    report = KernelBenchmark.run(options, null);
  }

  @Test
  void everyCellIsPresentWithPositiveFiniteFigures() {
    List<BlasChoice> blas = BlasChoice.available();
    assertEquals(WIDTHS.size() * BATCHES.size() * blas.size(), report.cells().size());
    for (int w : WIDTHS) {
      for (int b : BATCHES) {
        for (BlasChoice c : blas) {
          KernelReport.Cell cell = report.cells().stream()
              .filter(x -> x.width() == w && x.batch() == b && x.blas() == c).findFirst()
              .orElseThrow(() -> new AssertionError("missing cell " + w + "x" + b + " " + c));
          String where = "cell " + w + "x" + b + " " + c.label();
          for (Stats s : List.of(cell.kernel(), cell.gemm(), cell.forward(), cell.backwardData(),
              cell.backwardWeights(), cell.kernelOverGemm())) {
            positiveFinite(s.median(), where);
            positiveFinite(s.min(), where);
            assertTrue(s.min() <= s.q1() && s.q1() <= s.median() && s.median() <= s.q3() && s.q3() <= s.max(), where);
            assertTrue(s.samples() >= 3, where + ": " + s.samples() + " samples");
          }
          positiveFinite(cell.secondsPerStep(), where);
          positiveFinite(cell.blasShare(), where);
          assertTrue(cell.gcFraction() >= 0 && cell.gcFraction() <= 1, where);
          assertEquals(6.0 * w * w * b, cell.nominalFlops(), where);
          assertEquals(3, cell.products().size(), where + ": " + cell.products());
          assertEquals((long) cell.nominalFlops(), cell.countedFlops(), where);
          assertTrue(cell.rounds() >= 3, where);
          assertTrue(!cell.implementation().isEmpty(), where);
        }
      }
    }
    int pairs = blas.containsAll(List.of(BlasChoice.NATIVE, BlasChoice.JAVA)) ? WIDTHS.size() * BATCHES.size() : 0;
    assertEquals(pairs, report.comparisons().size());
    for (KernelReport.Comparison c : report.comparisons()) {
      positiveFinite(c.kernelSpeedup().median(), "speed-up");
      positiveFinite(c.gemmSpeedup().median(), "speed-up");
      assertTrue(c.gemmDifference() >= 0 && c.gemmDifference() < 1e-10, "gemm difference " + c.gemmDifference());
      assertTrue(c.kernelDifference() >= 0 && c.kernelDifference() < 1e-10, "kernel difference " + c.kernelDifference());
    }
  }

  @Test
  void theBlasInUseIsRestored() {
    assertSame(before, Mat.blas());
  }

  @Test
  void tableJsonAndCsvCarryEveryCellAndTheMachine() throws Exception {
    String table = report.table();
    assertTrue(table.contains(report.machine().cpuModel()), table);
    assertTrue(table.contains("BLAS in use: " + report.machine().blas()), table);
    for (KernelReport.Cell c : report.cells()) {
      assertTrue(table.lines().anyMatch(l -> l.matches("\\s*" + c.width() + "\\s+" + c.batch() + "\\s+" + c.blas().label() + "\\s.*")),
          "no table row for " + c);
    }
    JsonNode json = new ObjectMapper().readTree(report.json());
    assertEquals(report.cells().size(), json.get("cells").size());
    assertTrue(json.get("machine").get("cores").asInt() > 0);
    for (JsonNode c : json.get("cells")) assertTrue(c.get("kernelGflops").get("median").asDouble() > 0);

    List<String> lines = report.csv().lines().toList();
    assertEquals(report.cells().size() + 1, lines.size());
    int columns = KernelReport.CSV_COLUMNS.size();
    assertEquals(columns, csvFields(lines.get(0)).size());
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csvFields(line);
      assertEquals(columns, f.size(), line);
      positiveFinite(Double.parseDouble(f.get(KernelReport.CSV_COLUMNS.indexOf("kernel_gflops"))), line);
      positiveFinite(Double.parseDouble(f.get(KernelReport.CSV_COLUMNS.indexOf("kernel_over_gemm"))), line);
    }
  }

  @Test
  void commandWritesJsonAndCsv(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("k.json"), csv = dir.resolve("sub/k.csv");
    int code = Main.execute("bench", "kernel", "--widths", "3", "--batches", "4,6", "--blas", "java",
        "--min-time", "0.002", "--warmup", "0", "--min-rounds", "2", "--quiet",
        "--json", json.toString(), "--csv", csv.toString());
    assertEquals(0, code);
    JsonNode root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals(2, root.get("cells").size());
    assertEquals("java", root.get("cells").get(0).get("blas").asText());
    JsonNode ratios = root.get("kernel_over_gemm");
    assertEquals(List.of("3x4", "3x6"), iterable(ratios.fieldNames()));
    for (JsonNode r : ratios) positiveFinite(r.asDouble(), "kernel_over_gemm");
    assertEquals(3, Files.readAllLines(csv).size());
    assertEquals(2, Main.execute("bench", "kernel", "--blas", "fortran", "--quiet"));
    assertEquals(2, Main.execute("bench", "kernel", "--widths", "0", "--quiet"));
  }

  @Test
  void flopAuditCountsProducts() {
    double[] a = new double[3 * 5], b = new double[5 * 4], c = new double[3 * 4];
    FlopAudit audit = FlopAudit.of(() -> Mat.gemm(false, false, 3, 4, 5, 1.0, a, 0, b, 0, 0.0, c, 0));
    assertEquals(List.of("NN 3x4x5"), audit.products());
    assertEquals(2 * 3 * 4 * 5, audit.gemmFlops());
    assertEquals(0, audit.otherBlasCalls());
    KernelReport.Cell cell = report.cells().get(0);
    long sum = 0;
    for (String p : cell.products()) {
      String[] mnk = p.substring(3).split("x");
      sum += 2L * Long.parseLong(mnk[0]) * Long.parseLong(mnk[1]) * Long.parseLong(mnk[2]);
    }
    assertEquals(cell.countedFlops(), sum);
  }

  @Test
  void statsAndBlasChoices() {
    Stats s = Stats.of(new double[] {5, 1, 4, 2, 3});
    assertEquals(3, s.median());
    assertEquals(2, s.q1());
    assertEquals(4, s.q3());
    assertEquals(1, s.min());
    assertEquals(5, s.max());
    assertEquals(List.of(BlasChoice.JAVA), BlasChoice.parseList(" Java "));
    assertEquals(BlasChoice.available(), BlasChoice.parseList("auto"));
    assertThrows(IllegalArgumentException.class, () -> BlasChoice.parseList("mkl"));
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  private static void positiveFinite(double v, String where) {
    assertTrue(Double.isFinite(v) && v > 0, where + ": " + v);
  }

  private static List<String> csvFields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    out.add(f.toString());
    return out;
  }
}
