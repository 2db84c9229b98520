package org.layerbraid.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * LIBSVM rows {@code label index:value ...}: 1-based ascending feature indices, absent features
 * zero, and — unlike LIBSVM's ±1 convention — the label a 0-based class index.
 */
public final class LibsvmFormat implements LineFormat {
  private static final long serialVersionUID = 1L;
  static final LibsvmFormat INSTANCE = new LibsvmFormat();
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private LibsvmFormat() {}

  @Override public boolean isHeader(String firstLine) { return false; }

  /** Unknowable from one sparse line; the loader takes the largest index instead. */
  @Override public int featureCount(String dataLine, Position at) { return -1; }

  @Override public LabeledRow parse(String line, int dim, int numClasses, Position at) {
    String[] tok = WHITESPACE.split(line.strip());
    int label = Fields.label(tok[0], numClasses, at);
    int[] idx = new int[tok.length - 1];
    double[] val = new double[tok.length - 1];
    int prev = 0;
    for (int k = 1; k < tok.length; k++) {
      String t = tok[k];
      int colon = t.indexOf(':');
      if (colon <= 0 || colon == t.length() - 1) throw at.error("item " + (k + 1) + ": expected index:value, found '" + t + "'");
      int i;
      try {
        i = Integer.parseInt(t.substring(0, colon));
      } catch (NumberFormatException e) {
        throw at.error("item " + (k + 1) + ": index '" + t.substring(0, colon) + "' is not an integer");
      }
      if (i < 1) throw at.error("feature index " + i + " is below 1; LIBSVM indices are 1-based");
      if (i <= prev) throw at.error("feature index " + i + " follows " + prev + "; expected ascending indices");
      if (dim > 0 && i > dim) throw at.error("feature index " + i + " exceeds the " + dim + " features expected");
      idx[k - 1] = i - 1;
      val[k - 1] = Fields.finite(t.substring(colon + 1), "feature " + i, at);
      prev = i;
    }
    return new LabeledRow(label, idx, val);
  }

  @Override public String expectation() { return "rows 'label index:value ...'"; }

  /** Writes every feature (zeros too, so the dimension survives); values round-trip exactly. */
  public static void write(Examples e, Writer out) {
    try {
      for (int m = 0; m < e.size(); m++) {
        out.write(Integer.toString(e.label(m)));
        for (int j = 0; j < e.dim(); j++) out.write(" " + (j + 1) + ":" + e.feature(m, j));
        out.write('\n');
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
