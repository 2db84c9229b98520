package org.layerbraid.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Indian Pines (AVIRIS hyperspectral scene, 220 bands, 16 classes) in the text form of the
 * method authors' code: a features file with one example per line ({@code nfeatures} numbers) and
 * a labels file with the matching one-hot rows ({@code nclasses} numbers, written as reals such as
 * {@code 1.000000e+00}). Numbers are separated by whitespace or commas. The data set itself is not
 * redistributable; users bring the files.
 */
public final class IndianPines {
  public static final int BANDS = 220;
  public static final int CLASSES = 16;
  /** The authors' file names, looked up in a data folder. */
  public static final String TRAIN_FEATURES = "features_training.dat";
  public static final String TRAIN_LABELS = "labels_training.dat";
  public static final String VALIDATION_FEATURES = "features_validation.dat";
  public static final String VALIDATION_LABELS = "labels_validation.dat";

  private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

  private IndianPines() {}

  public static Examples read(Path features, Path labels, int numFeatures, int numClasses) {
    List<double[]> x = rows(features, numFeatures, "feature values");
    List<double[]> y = rows(labels, numClasses, "one-hot label values");
    if (x.size() != y.size()) {
      throw new DataException(features + " has " + x.size() + " rows but " + labels + " has " + y.size()
          + "; expected one label row per feature row");
    }
    double[] flat = new double[x.size() * numFeatures];
    int[] classes = new int[y.size()];
    Position at = new Position(labels.toString(), "row");
    for (int m = 0; m < x.size(); m++) {
      System.arraycopy(x.get(m), 0, flat, m * numFeatures, numFeatures);
      classes[m] = oneHot(y.get(m), at.at(m + 1));
    }
    return new Examples(numFeatures, numClasses, flat, classes);
  }

  private static int oneHot(double[] row, Position at) {
    int hot = -1;
    for (int k = 0; k < row.length; k++) {
      if (row[k] == 1) {
        if (hot >= 0) throw at.error("values " + (hot + 1) + " and " + (k + 1) + " are both 1; expected exactly one 1 among the " + row.length + " one-hot values");
        hot = k;
      } else if (row[k] != 0) {
        throw at.error("value " + (k + 1) + " is " + row[k] + "; expected one-hot values 0 or 1");
      }
    }
    if (hot < 0) throw at.error("no value is 1; expected exactly one 1 among the " + row.length + " one-hot values");
    return hot;
  }

  /** Non-blank lines of exactly {@code width} finite numbers; line numbers count blank lines too. */
  private static List<double[]> rows(Path file, int width, String what) {
    List<double[]> out = new ArrayList<>();
    Position at = new Position(file.toString(), "line");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(LocalFiles.open(file), StandardCharsets.UTF_8))) {
      long lineNo = 0;
      for (String line; (line = in.readLine()) != null; ) {
        at.at(++lineNo);
        String trimmed = line.strip();
        if (trimmed.isEmpty()) continue;
        String[] tokens = SEPARATORS.split(trimmed);
        if (tokens.length != width) throw at.error("expected " + width + " " + what + ", found " + tokens.length);
        double[] row = new double[width];
        for (int k = 0; k < width; k++) row[k] = Fields.finite(tokens[k], "value " + (k + 1), at);
        out.add(row);
      }
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (out.isEmpty()) throw new DataException(file + ": empty file; expected rows of " + width + " " + what);
    return out;
  }
}
