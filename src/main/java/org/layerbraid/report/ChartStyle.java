package org.layerbraid.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.internal.chartpart.Chart;

/** The house style of the XChart charts and how they reach disk. */
final class ChartStyle {
  private ChartStyle() {}

  static final int WIDTH = 800;
  static final int HEIGHT = 560;
  static final String FONT = Font.SANS_SERIF;

  /** White background, readable fonts, palette colours, legend where it hides the least. */
  static void apply(AxesChartStyler s, int seriesCount) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setPlotGridLinesColor(new Color(0xE0E0E0));
    s.setChartTitleFont(new Font(FONT, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 14));
    s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
    s.setLegendFont(new Font(FONT, Font.PLAIN, 12));
    s.setLegendBorderColor(Color.GRAY);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    s.setChartTitleBoxVisible(false);
    s.setAnnotationLineColor(Color.DARK_GRAY);
    s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {6f, 4f}, 0f));
    s.setAnnotationTextFont(new Font(FONT, Font.ITALIC, 12));
    s.setAnnotationTextFontColor(Color.DARK_GRAY);
    s.setSeriesColors(Palette.first(Math.max(1, seriesCount)));
    s.setSeriesLines(Palette.lines(Math.max(1, seriesCount)));
    // Outside the plot: lines that end top-right or bottom-right cannot be hidden by it.
    s.setLegendPosition(LegendPosition.OutsideS);
    s.setAntiAlias(true);
  }

  static <C extends Chart<?, ?>> void writePng(C chart, Path png) throws IOException {
    AtomicFiles.write(png, png(chart));
  }

  static <C extends Chart<?, ?>> byte[] png(C chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
  }

  /** Panels side by side in one PNG. */
  static <C extends Chart<?, ?>> void writePngRow(List<C> panels, Path png) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(panels, 1, panels.size(), bytes, BitmapFormat.PNG);
    AtomicFiles.write(png, bytes.toByteArray());
  }
}
