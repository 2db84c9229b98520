package org.layerbraid.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Comma-separated rows: the label (a 0-based class index) first, then the feature values. A first
 * line in which no field is a number is taken as a header and skipped.
 */
public final class CsvFormat implements LineFormat {
  private static final long serialVersionUID = 1L;
  static final CsvFormat INSTANCE = new CsvFormat();

  private CsvFormat() {}

  @Override public boolean isHeader(String firstLine) {
    for (String f : firstLine.split(",", -1)) if (Fields.isNumber(f.strip())) return false;
    return true;
  }

  @Override public int featureCount(String dataLine, Position at) {
    int n = dataLine.split(",", -1).length - 1;
    if (n < 1) throw at.error("expected a label and at least one feature value, found " + (n + 1) + " field");
    return n;
  }

  @Override public LabeledRow parse(String line, int dim, int numClasses, Position at) {
    String[] f = line.split(",", -1);
    if (f.length - 1 != dim) throw at.error("expected " + dim + " feature values after the label, found " + (f.length - 1));
    int label = Fields.label(f[0].strip(), numClasses, at);
    double[] x = new double[dim];
    for (int j = 0; j < dim; j++) x[j] = Fields.finite(f[j + 1].strip(), "field " + (j + 2), at);
    return LabeledRow.dense(label, x);
  }

  @Override public String expectation() { return "rows 'label,feature1,feature2,...'"; }

  /** Writes the examples in this format with a header; values round-trip exactly. */
  public static void write(Examples e, Writer out) {
    try {
      out.write("label");
      for (int j = 1; j <= e.dim(); j++) out.write(",x" + j);
      out.write('\n');
      for (int m = 0; m < e.size(); m++) {
        out.write(Integer.toString(e.label(m)));
        for (int j = 0; j < e.dim(); j++) out.write("," + e.feature(m, j));
        out.write('\n');
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
