package org.layerbraid.data;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * What to load, as the CLI and configuration files say it.
 *
 * @param path file, folder or glob (any Hadoop path for libsvm/csv/parquet; a local folder for
 *     fashion-mnist, whose default is {@link FashionMnist#DEFAULT_DIR}, and for indian-pines);
 *     unused for peaks
 * @param validationPath optional separate validation data in the same format; {@code null} to
 *     split {@code validationFraction} off the training data with {@code seed}
 * @param numFeatures checked against the data when present
 * @param numClasses labels are 0-based class indices below this; 0 takes the built-in sets' own,
 *     and for data read row by row (libsvm, csv, parquet, table) the largest label + 1, as Spark ML's
 *     classifiers do
 * @param peaksTrainPerClass Peaks training points per class (the authors': 1000)
 * @param peaksValidationPerClass Peaks validation points per class (the authors': 40)
 * @param columns where CSV files, Parquet files and tables keep labels and features
 */
public record DataSpec(Kind kind, String path, String validationPath, OptionalInt numFeatures, int numClasses,
    double validationFraction, long seed, int peaksTrainPerClass, int peaksValidationPerClass, Columns columns) {

  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  public static final long DEFAULT_SEED = 1;
  /** Most classes a count taken from the labels may come to: a stray label must not size a huge classifier. */
  public static final int MAX_CLASSES = 10_000;

  /**
   * Columns of tabular data.
   *
   * @param label the label column; in a CSV file without a header, columns are named by their
   *     1-based position ("1", "2", ...)
   * @param features the feature columns; empty: every column but the label in CSV, the column
   *     {@code features} in Parquet and tables. One column may hold a vector or an array of numbers;
   *     several numeric columns are put side by side
   * @param header CSV: the first line of every file names the columns
   * @param delimiter CSV: the field separator
   */
  public record Columns(String label, List<String> features, boolean header, String delimiter) {
    public static final Columns DEFAULT = new Columns("label", List.of(), true, ",");

    public Columns {
      if (label == null || label.isBlank()) throw new DataException("the label column's name is empty");
      features = List.copyOf(features);
      if (features.contains(label)) throw new DataException("column '" + label + "' is both the label and a feature");
      if (delimiter == null || delimiter.isEmpty()) throw new DataException("the CSV delimiter is empty");
    }
  }

  public enum Kind {
    PEAKS("peaks", Peaks.CLASSES),
    FASHION_MNIST("fashion-mnist", FashionMnist.CLASSES),
    LIBSVM("libsvm", 0),
    CSV("csv", 0),
    PARQUET("parquet", 0),
    TABLE("table", 0),
    INDIAN_PINES("indian-pines", IndianPines.CLASSES);

    private final String id;
    private final int defaultClasses;

    Kind(String id, int defaultClasses) {
      this.id = id;
      this.defaultClasses = defaultClasses;
    }

    public String id() { return id; }

    /** Whether the data set comes with a test set of its own, besides training and validation data. */
    public boolean hasTestSet() { return this == FASHION_MNIST; }

    /** Whether the data are read row by row through Spark, their class count taken from the labels unless stated. */
    public boolean rowByRow() { return defaultClasses == 0; }

    public static Kind parse(String name) {
      for (Kind k : values()) if (k.id.equalsIgnoreCase(name.strip())) return k;
      throw new DataException("unknown data kind '" + name + "'; valid kinds: " + validKinds());
    }

    static String validKinds() {
      return Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "));
    }
  }

  public DataSpec {
    if (kind == null) throw new DataException("data kind missing; valid kinds: " + Kind.validKinds());
    if (numClasses == 0) numClasses = kind.defaultClasses;
    if (numClasses < 0 || numClasses == 1 || numClasses == 0 && !kind.rowByRow()) {
      throw new DataException(kind.id + ": number of classes must be >= 2 (or 0: from the labels), got " + numClasses);
    }
    if (kind.defaultClasses > 0 && kind != Kind.INDIAN_PINES && numClasses != kind.defaultClasses) {
      throw new DataException(kind.id + " has " + kind.defaultClasses + " classes, not " + numClasses);
    }
    if (path == null && kind != Kind.PEAKS && kind != Kind.FASHION_MNIST) {
      throw new DataException(kind.id + ": a data path is required");
    }
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new DataException("validation fraction must be in [0, 1), got " + validationFraction);
    }
    if (peaksTrainPerClass <= 0 || peaksValidationPerClass <= 0) {
      throw new DataException("Peaks sizes per class must be > 0, got " + peaksTrainPerClass + " / " + peaksValidationPerClass);
    }
    if (numFeatures == null) numFeatures = OptionalInt.empty();
    if (columns == null) columns = Columns.DEFAULT;
  }

  /** The authors' Peaks problem: 1000 training and 40 validation points per class. */
  public static DataSpec peaks(long seed) {
    return new DataSpec(Kind.PEAKS, null, null, OptionalInt.empty(), 0, DEFAULT_VALIDATION_FRACTION, seed,
        Peaks.TRAIN_PER_CLASS, Peaks.VALIDATION_PER_CLASS, Columns.DEFAULT);
  }

  /** A data set with default validation fraction and seed; {@code numClasses} 0 for the data's own. */
  public static DataSpec of(String kind, String path, int numClasses) {
    return new DataSpec(Kind.parse(kind), path, null, OptionalInt.empty(), numClasses, DEFAULT_VALIDATION_FRACTION,
        DEFAULT_SEED, Peaks.TRAIN_PER_CLASS, Peaks.VALIDATION_PER_CLASS, Columns.DEFAULT);
  }

  public DataSpec withValidationPath(String p) {
    return new DataSpec(kind, path, p, numFeatures, numClasses, validationFraction, seed, peaksTrainPerClass, peaksValidationPerClass, columns);
  }

  public DataSpec withNumFeatures(int n) {
    return new DataSpec(kind, path, validationPath, OptionalInt.of(n), numClasses, validationFraction, seed, peaksTrainPerClass, peaksValidationPerClass, columns);
  }

  public DataSpec withValidationFraction(double f) {
    return new DataSpec(kind, path, validationPath, numFeatures, numClasses, f, seed, peaksTrainPerClass, peaksValidationPerClass, columns);
  }

  public DataSpec withSeed(long s) {
    return new DataSpec(kind, path, validationPath, numFeatures, numClasses, validationFraction, s, peaksTrainPerClass, peaksValidationPerClass, columns);
  }

  public DataSpec withPeaksSizes(int trainPerClass, int validationPerClass) {
    return new DataSpec(kind, path, validationPath, numFeatures, numClasses, validationFraction, seed, trainPerClass, validationPerClass, columns);
  }

  public DataSpec withColumns(Columns c) {
    return new DataSpec(kind, path, validationPath, numFeatures, numClasses, validationFraction, seed, peaksTrainPerClass, peaksValidationPerClass, c);
  }
}
