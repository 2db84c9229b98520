package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerbraid.report.PngAssertions.assertPicture;
import static org.layerbraid.report.PngAssertions.countColour;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @TempDir Path dir;

  @Test
  void trainingCurvesAgainstEpochsAndSecondsDrawBothPanels() throws IOException {
    List<EpochRecord> records = TestRecords.history(4, 15);
    for (Charts.TimeAxis axis : Charts.TimeAxis.values()) {
      Path png = dir.resolve("curves-" + axis + ".png");
      Charts.trainingCurves(records, axis, png);
      BufferedImage img = assertPicture(png, 2 * ChartStyle.WIDTH, ChartStyle.HEIGHT);
      // Training is the first palette colour, validation the second, in both panels.
      BufferedImage left = img.getSubimage(0, 0, ChartStyle.WIDTH, ChartStyle.HEIGHT);
      BufferedImage right = img.getSubimage(ChartStyle.WIDTH, 0, ChartStyle.WIDTH,
          ChartStyle.HEIGHT);
      for (BufferedImage panel : List.of(left, right)) {
        assertTrue(countColour(panel, Palette.color(0).getRGB()) > 100, "training line");
        assertTrue(countColour(panel, Palette.color(1).getRGB()) > 100, "validation line");
      }
    }
  }

  @Test
  void trainingCurvesSurviveMissingValidationAndZeroLoss() throws IOException {
    // No validation set (NaN) and a loss of exactly 0 cannot go on a log axis: left out.
    EpochRecord a = new EpochRecord(0, 4, 1, 1, 0.5, 0.6, Double.NaN, Double.NaN, 1, 1, 0, 0,
        Double.NaN, 10);
    EpochRecord b = new EpochRecord(0, 4, 2, 2, 0.0, 1.0, Double.NaN, Double.NaN, 2, 1, 0, 0,
        Double.NaN, 10);
    EpochRecord c = new EpochRecord(0, 4, 3, 3, 0.1, 0.9, Double.NaN, Double.NaN, 3, 1, 0, 0,
        Double.NaN, 10);
    Path png = dir.resolve("curves.png");
    Charts.trainingCurves(List.of(a, b, c), png);
    assertPicture(png, 2 * ChartStyle.WIDTH, ChartStyle.HEIGHT);
    assertThrows(IllegalArgumentException.class, () -> Charts.trainingCurves(List.of(), png));
  }

  @Test
  void residualHistoriesOneSeriesPerDepth() throws IOException {
    Map<String, double[]> h = new LinkedHashMap<>();
    h.put("N=64", geometric(1.0, 0.1, 8));
    h.put("N=256", geometric(2.0, 0.12, 8));
    double[] exact = geometric(1.5, 0.05, 6);
    exact[5] = 0; // converged to round-off exactly
    h.put("N=1024", exact);
    Path png = dir.resolve("residuals.png");
    Charts.residualHistories(h, png);
    BufferedImage img = assertPicture(png, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    for (int s = 0; s < 3; s++) {
      assertTrue(countColour(img, Palette.color(s).getRGB()) > 50, "series " + s);
    }
  }

  @Test
  void accuracyVsTimeAndBoxPlot() throws IOException {
    Map<String, Map<String, double[][]>> curves = new LinkedHashMap<>();
    curves.put("nested 4→32", new LinkedHashMap<>(Map.of("seed 1", new double[][] {{0, 5, 10, 20, 40}, {0.2, 0.7, 0.85, 0.93, 0.97}})));
    curves.get("nested 4→32").put("seed 2", new double[][] {{0, 6, 12, 24, 48}, {0.2, 0.6, 0.8, 0.9, 0.95}});
    curves.put("single level N=32", Map.of("seed 1", new double[][] {{0, 10, 20, 40, 60}, {0.2, 0.5, 0.8, 0.9, 0.96}}));
    Path time = dir.resolve("time.png");
    Charts.accuracyVsTime(curves, "Peaks grid accuracy", time);
    BufferedImage img = assertPicture(time, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    // Two groups, two colours: the second run of the first group is drawn in the first group's colour.
    assertTrue(countColour(img, Palette.color(1).getRGB()) > 50);
    assertTrue(countColour(img, Palette.color(0).getRGB()) > 50);
    assertEquals(0, countColour(img, Palette.color(2).getRGB()));

    Random rnd = new Random(7);
    Map<String, double[]> samples = new LinkedHashMap<>();
    samples.put("nested", normal(rnd, 0.95, 0.01, 30));
    samples.put("single level", normal(rnd, 0.90, 0.04, 30));
    Path box = dir.resolve("box.png");
    Charts.boxPlot(samples, "validation accuracy", box);
    assertPicture(box, ChartStyle.WIDTH, ChartStyle.HEIGHT);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Charts.accuracyVsTime(Map.of("bad", Map.of("seed 1", new double[][] {{1, 2}, {0.5}})), "accuracy", time));
    assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Charts.boxPlot(Map.of(), "y", box));
  }

  @Test
  void decisionMapColoursCellsByClassWithYUpwards() throws IOException {
    // Left half class 0, right half class 1, top quarter class 2 (j along y, drawn upwards).
    int nx = 40;
    int ny = 40;
    int[] pred = new int[nx * ny];
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) pred[j * nx + i] = j >= 30 ? 2 : i < 20 ? 0 : 1;
    }
    LabelledPoints pts = new LabelledPoints(new double[] {-2}, new double[] {-2}, new int[] {3});
    Path png = dir.resolve("map.png");
    Charts.decisionMap(nx, ny, pred, 4, -3, 3, -3, 3, pts, png);
    BufferedImage img = assertPicture(png, 70 + 560 + 30 + 150, 50 + 560 + 60);

    int tint0 = Palette.tint(Palette.color(0), 0.45).getRGB();
    int tint1 = Palette.tint(Palette.color(1), 0.45).getRGB();
    int tint2 = Palette.tint(Palette.color(2), 0.45).getRGB();
    assertEquals(tint0, img.getRGB(70 + 140, 50 + 420), "lower left is class 0");
    assertEquals(tint1, img.getRGB(70 + 420, 50 + 420), "lower right is class 1");
    assertEquals(tint2, img.getRGB(70 + 280, 50 + 40), "top is class 2");
    // The point at (-2, -2): the drawn extent is [-3 - h, 3 + h] with h = 6 / 39 / 2.
    double h = 3.0 / 39;
    int px = (int) Math.round(70 + (-2 + 3 + h) / (6 + 2 * h) * 560);
    int py = (int) Math.round(50 + (3 + h + 2) / (6 + 2 * h) * 560);
    assertEquals(Palette.color(3).getRGB(), img.getRGB(px, py), "point drawn in its class colour");
  }

  @Test
  void decisionMapOfPeaksWithTrainingPoints() throws IOException {
    int n = 256;
    int[] pred = new int[n * n];
    double[] z = new double[n * n];
    double zmin = Double.POSITIVE_INFINITY;
    double zmax = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double v = peaks(-3 + 6.0 * i / (n - 1), -3 + 6.0 * j / (n - 1));
        z[j * n + i] = v;
        zmin = Math.min(zmin, v);
        zmax = Math.max(zmax, v);
      }
    }
    double band = (zmax - zmin) / 5;
    for (int k = 0; k < z.length; k++) {
      pred[k] = Math.max(0, Math.min(4, (int) Math.ceil((z[k] - zmin) / band) - 1));
    }
    Random rnd = new Random(1);
    int m = 300;
    double[] xs = new double[m];
    double[] ys = new double[m];
    int[] labels = new int[m];
    for (int k = 0; k < m; k++) {
      int cell = rnd.nextInt(n * n);
      xs[k] = -3 + 6.0 * (cell % n) / (n - 1);
      ys[k] = -3 + 6.0 * (cell / n) / (n - 1);
      labels[k] = pred[cell];
    }
    Path png = dir.resolve("peaks.png");
    Charts.decisionMap(n, n, pred, 5, -3, 3, -3, 3, new LabelledPoints(xs, ys, labels), png);
    BufferedImage img = assertPicture(png, 810, 670);
    for (int c = 0; c < 5; c++) {
      int tint = Palette.tint(Palette.color(c), 0.45).getRGB();
      assertTrue(countColour(img, tint) > 100, "class " + c + " region visible");
    }
  }

  @Test
  void decisionMapRejectsBadInput() {
    Path png = dir.resolve("x.png");
    assertThrows(IllegalArgumentException.class,
        () -> Charts.decisionMap(3, 3, new int[8], 2, 0, 1, 0, 1, png));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Charts.decisionMap(2, 2, new int[] {0, 1, 5, 0}, 2, 0, 1, 0, 1, png));
    assertTrue(e.getMessage().contains("predictedClass[2] = 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LabelledPoints(new double[2], new double[1], new int[2]));
  }

  @Test
  void pngBytesForNotebooksAreWhatTheFilesHold() throws IOException {
    Map<String, double[]> h = new LinkedHashMap<>();
    h.put("forward", geometric(1.0, 0.1, 6));
    h.put("adjoint", geometric(0.5, 0.2, 5));
    byte[] residuals = Charts.residualHistoriesPng(h);
    BufferedImage img = assertPicture(residuals, "residual PNG bytes", ChartStyle.WIDTH, ChartStyle.HEIGHT);
    assertTrue(countColour(img, Palette.color(1).getRGB()) > 50, "second series");
    Path file = dir.resolve("residuals.png");
    Charts.residualHistories(h, file);
    assertArrayEquals(residuals, Files.readAllBytes(file));

    int[] pred = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    byte[] map = Charts.decisionMapPng(3, 3, pred, 3, -1, 1, -1, 1, null);
    assertPicture(map, "decision map PNG bytes", 70 + 560 + 30 + 150, 50 + 560 + 60);
    Path mapFile = dir.resolve("map.png");
    Charts.decisionMap(3, 3, pred, 3, -1, 1, -1, 1, mapFile);
    assertArrayEquals(map, Files.readAllBytes(mapFile));
    assertThrows(IllegalArgumentException.class, () -> Charts.residualHistoriesPng(Map.of()));
  }

  private static double peaks(double x, double y) {
    return 3 * (1 - x) * (1 - x) * Math.exp(-x * x - (y + 1) * (y + 1))
        - 10 * (x / 5 - x * x * x - Math.pow(y, 5)) * Math.exp(-x * x - y * y)
        - Math.exp(-(x + 1) * (x + 1) - y * y) / 3;
  }

  private static double[] geometric(double start, double ratio, int n) {
    double[] r = new double[n];
    for (int k = 0; k < n; k++) r[k] = start * Math.pow(ratio, k);
    return r;
  }

  private static double[] normal(Random rnd, double mean, double sd, int n) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) v[k] = Math.min(1, mean + sd * rnd.nextGaussian());
    return v;
  }

  @Test
  void noTwoOfTheFirstFortySeriesLookAlike() {
    java.util.Set<String> looks = new java.util.HashSet<>();
    java.awt.BasicStroke[] lines = Palette.lines(40);
    for (int i = 0; i < 40; i++) {
      looks.add(Palette.color(i).getRGB() + " " + java.util.Arrays.toString(lines[i].getDashArray()));
    }
    assertEquals(40, looks.size());
    assertNull(lines[7].getDashArray(), "the first eight series are solid");
    assertNotNull(lines[8].getDashArray(), "the ninth repeats the first colour, dashed");
  }

  @Test
  void trainingCurvesOf1200EpochsDraw() throws IOException {
    List<EpochRecord> records = new ArrayList<>();
    for (int e = 1; e <= 1200; e++) {
      records.add(new EpochRecord(e <= 400 ? 0 : 1, e <= 400 ? 16 : 32, e, e, Math.exp(-e / 300.0), 1 - Math.exp(-e / 200.0),
          Math.exp(-e / 300.0), 1 - Math.exp(-e / 200.0), e * 0.04, 0.04, 0, 0, Double.NaN, 1000));
    }
    Path png = dir.resolve("long.png");
    Charts.trainingCurves(records, png);
    assertPicture(png, 2 * ChartStyle.WIDTH, ChartStyle.HEIGHT);
  }
}
