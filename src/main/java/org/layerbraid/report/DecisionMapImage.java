package org.layerbraid.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Draws a decision map with Java2D rather than XChart: XChart's heat map cannot put scatter
 * points on top and draws one rectangle per cell, while here the grid becomes one image of
 * nx × ny pixels scaled without smoothing, so class borders stay sharp.
 */
final class DecisionMapImage {
  private static final int PLOT_MAX = 560;
  private static final int LEFT = 70;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final int LEGEND_WIDTH = 150;
  /** How far the map colours are blended towards white, so that points stand out on them. */
  private static final double MAP_TINT = 0.45;

  private final int nx;
  private final int ny;
  private final int[] predicted;
  private final int numClasses;
  private final LabelledPoints points;
  // The drawn extent: half a cell beyond the outer grid points, so that cells are centred
  // on their grid points and overlaid points land in the cell they belong to.
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;

  /** {@code bounds} = {xmin, xmax, ymin, ymax} of the grid points. */
  DecisionMapImage(int nx, int ny, int[] predicted, int numClasses, double[] bounds,
      LabelledPoints points) {
    if (nx < 2 || ny < 2) {
      throw new IllegalArgumentException("grid must be at least 2 x 2, got " + nx + " x " + ny);
    }
    if (predicted.length != (long) nx * ny) {
      throw new IllegalArgumentException("predictedClass has " + predicted.length
          + " entries, expected nx * ny = " + (long) nx * ny);
    }
    if (numClasses < 1) throw new IllegalArgumentException("numClasses must be >= 1");
    if (!(bounds[1] > bounds[0]) || !(bounds[3] > bounds[2])) {
      throw new IllegalArgumentException("need xmin < xmax and ymin < ymax");
    }
    requireClasses(predicted, numClasses, "predictedClass");
    if (points != null) requireClasses(points.labels(), numClasses, "point labels");
    this.nx = nx;
    this.ny = ny;
    this.predicted = predicted;
    this.numClasses = numClasses;
    this.points = points;
    double hx = (bounds[1] - bounds[0]) / (nx - 1) / 2;
    double hy = (bounds[3] - bounds[2]) / (ny - 1) / 2;
    x0 = bounds[0] - hx;
    x1 = bounds[1] + hx;
    y0 = bounds[2] - hy;
    y1 = bounds[3] + hy;
  }

  byte[] png() throws IOException {
    BufferedImage image = render();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer available");
    return bytes.toByteArray();
  }

  BufferedImage render() {
    // Keep the data's aspect ratio so that the map is not distorted.
    double aspect = (y1 - y0) / (x1 - x0);
    int pw = aspect <= 1 ? PLOT_MAX : Math.max(120, (int) Math.round(PLOT_MAX / aspect));
    int ph = aspect <= 1 ? Math.max(120, (int) Math.round(PLOT_MAX * aspect)) : PLOT_MAX;
    int width = LEFT + pw + 30 + LEGEND_WIDTH;
    int height = TOP + ph + BOTTOM;

    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(classImage(), LEFT, TOP, pw, ph, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      if (points != null) drawPoints(g, pw, ph);
      drawAxes(g, pw, ph);
      drawTitle(g, width);
      drawLegend(g, LEFT + pw + 30, TOP);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** One pixel per grid point, row 0 at the top, i.e. the largest y. */
  private BufferedImage classImage() {
    int[] rgb = new int[numClasses];
    for (int k = 0; k < numClasses; k++) rgb[k] = mapColor(k).getRGB();
    BufferedImage cells = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        cells.setRGB(i, ny - 1 - j, rgb[predicted[j * nx + i]]);
      }
    }
    return cells;
  }

  private void drawPoints(Graphics2D g, int pw, int ph) {
    // Dense sets (Peaks has 5000 training points) would hide the map under big markers.
    double r = points.size() > 1000 ? 2.5 : 4;
    g.setStroke(new BasicStroke(0.8f));
    g.setClip(LEFT, TOP, pw, ph);
    for (int k = 0; k < points.size(); k++) {
      double px = LEFT + (points.xs()[k] - x0) / (x1 - x0) * pw;
      double py = TOP + (y1 - points.ys()[k]) / (y1 - y0) * ph;
      Ellipse2D dot = new Ellipse2D.Double(px - r, py - r, 2 * r, 2 * r);
      g.setColor(Palette.color(points.labels()[k]));
      g.fill(dot);
      g.setColor(Color.BLACK);
      g.draw(dot);
    }
    g.setClip(null);
  }

  private void drawAxes(Graphics2D g, int pw, int ph) {
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(LEFT, TOP, pw, ph);
    g.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();

    double[] xt = Ticks.between(x0, x1, 6);
    for (double t : xt) {
      int px = (int) Math.round(LEFT + (t - x0) / (x1 - x0) * pw);
      g.drawLine(px, TOP + ph, px, TOP + ph + 5);
      String s = Ticks.label(t, xt);
      g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + 7 + fm.getAscent());
    }
    double[] yt = Ticks.between(y0, y1, 6);
    for (double t : yt) {
      int py = (int) Math.round(TOP + (y1 - t) / (y1 - y0) * ph);
      g.drawLine(LEFT - 5, py, LEFT, py);
      String s = Ticks.label(t, yt);
      g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
    }

    g.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 14));
    fm = g.getFontMetrics();
    g.drawString("x", LEFT + pw / 2 - fm.stringWidth("x") / 2, TOP + ph + 45);
    g.drawString("y", LEFT - 50, TOP + ph / 2 + fm.getAscent() / 2);
  }

  private void drawTitle(Graphics2D g, int width) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(ChartStyle.FONT, Font.BOLD, 16));
    String title = "Decision map (" + numClasses + " classes"
        + (points != null ? ", " + points.size() + (points.size() == 1 ? " point" : " points")
        : "") + ")";
    int w = g.getFontMetrics().stringWidth(title);
    g.drawString(title, (width - w) / 2, TOP - 18);
  }

  private void drawLegend(Graphics2D g, int left, int top) {
    g.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int row = 24;
    g.setColor(Color.BLACK);
    g.drawString("predicted class", left, top + fm.getAscent());
    for (int k = 0; k < numClasses; k++) {
      int y = top + (k + 1) * row;
      g.setColor(mapColor(k));
      g.fillRect(left, y, 28, 18);
      g.setColor(Color.GRAY);
      g.drawRect(left, y, 28, 18);
      if (points != null) {
        Ellipse2D dot = new Ellipse2D.Double(left + 9, y + 4, 10, 10);
        g.setColor(Palette.color(k));
        g.fill(dot);
        g.setColor(Color.BLACK);
        g.draw(dot);
      }
      g.setColor(Color.BLACK);
      g.drawString("class " + k, left + 36, y + 9 + fm.getAscent() / 2 - 1);
    }
    if (points != null) {
      g.setColor(Color.DARK_GRAY);
      g.drawString("dots: true class", left, top + (numClasses + 1) * row + fm.getAscent() + 4);
    }
  }

  private static Color mapColor(int k) {
    return Palette.tint(Palette.color(k), MAP_TINT);
  }

  private static void requireClasses(int[] classes, int numClasses, String what) {
    for (int i = 0; i < classes.length; i++) {
      if (classes[i] < 0 || classes[i] >= numClasses) {
        throw new IllegalArgumentException(what + "[" + i + "] = " + classes[i]
            + " is outside [0, " + numClasses + ")");
      }
    }
  }
}
