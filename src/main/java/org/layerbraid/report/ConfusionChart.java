package org.layerbraid.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * A confusion matrix as an XChart heat map, laid out as it is read in papers: true classes down
 * the side (the first at the top), predicted classes along the bottom. Each cell shows, and is
 * coloured by, its share of the true class in percent, so that a small class is as legible as a
 * large one and the diagonal reads directly as per-class accuracy; the counts are in the CSV.
 */
final class ConfusionChart {
  private ConfusionChart() {}

  /** Cells get smaller with more classes; below this the values would not fit into them. */
  private static final int MIN_VALUE_FONT = 8;

  static void write(long[][] counts, String title, Path png) throws IOException {
    int k = counts.length;
    if (k < 2) throw new IllegalArgumentException("a confusion matrix needs at least 2 classes, got " + k);
    for (long[] row : counts) {
      if (row.length != k) throw new IllegalArgumentException("confusion matrix is not square: a row of " + row.length + " in " + k);
    }
    List<String> predicted = new ArrayList<>();
    List<String> trueDownwards = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      predicted.add(Integer.toString(c));
      // XChart puts the first y category at the bottom.
      trueDownwards.add(Integer.toString(k - 1 - c));
    }
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      long support = 0;
      for (long v : counts[t]) support += v;
      for (int p = 0; p < k; p++) {
        double percent = support == 0 ? 0 : 100.0 * counts[t][p] / support;
        cells.add(new Number[] {p, k - 1 - t, percent});
      }
    }
    int side = Math.max(ChartStyle.HEIGHT, 40 * k + 200);
    HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
        .xAxisTitle("predicted class").yAxisTitle("true class (cells: % of its examples)").build();
    style(chart.getStyler(), k);
    chart.addSeries("% of true class", predicted, trueDownwards, cells).setMin(0).setMax(100);
    ChartStyle.writePng(chart, png);
  }

  private static void style(HeatMapStyler s, int k) {
    ChartStyle.apply(s, 1);
    // White to a mid blue: black values stay readable on the darkest cell.
    s.setRangeColors(new Color[] {Color.WHITE, new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x3182BD)});
    s.setMin(0).setMax(100);
    s.setShowValue(true);
    s.setHeatMapValueDecimalPattern("0.#");
    s.setValueFontColor(Color.BLACK);
    s.setValueFont(new Font(ChartStyle.FONT, Font.PLAIN, Math.max(MIN_VALUE_FONT, Math.min(14, 160 / k))));
    s.setDrawBorder(true);
    s.setPlotGridLinesVisible(false);
    s.setLegendPosition(LegendPosition.OutsideE);
  }
}
