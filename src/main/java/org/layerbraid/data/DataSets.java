package org.layerbraid.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The one entry point the CLI calls: a {@link DataSpec} in, validated and partitioned data out. */
public final class DataSets {
  private DataSets() {}

  public static LoadedData load(JavaSparkContext sc, DataSpec spec, int numPartitions) {
    // Only CSV, Parquet and tables need the SQL layer; a session started here reuses the running context.
    SparkSession spark = spec.kind().rowByRow() && spec.kind() != DataSpec.Kind.LIBSVM
        ? SparkSession.builder().getOrCreate() : null;
    return load(sc, spark, spec, numPartitions);
  }

  public static LoadedData load(SparkSession spark, DataSpec spec, int numPartitions) {
    return load(JavaSparkContext.fromSparkContext(spark.sparkContext()), spark, spec, numPartitions);
  }

  private static LoadedData load(JavaSparkContext sc, SparkSession spark, DataSpec spec, int n) {
    return switch (spec.kind()) {
      case PEAKS -> local(sc, spec, n, Peaks.sample(spec.peaksTrainPerClass(), spec.seed()),
          Peaks.sample(spec.peaksValidationPerClass(), Peaks.validationSeed(spec.seed())), Optional.empty(),
          String.format("peaks: %d train (%d/class), %d validation (%d/class), seed %d",
              spec.peaksTrainPerClass() * Peaks.CLASSES, spec.peaksTrainPerClass(),
              spec.peaksValidationPerClass() * Peaks.CLASSES, spec.peaksValidationPerClass(), spec.seed()));
      case FASHION_MNIST -> fashionMnist(sc, spec, n);
      case INDIAN_PINES -> indianPines(sc, spec, n);
      case LIBSVM, CSV, PARQUET, TABLE -> distributed(sc, spec, n, rowReader(sc, spark, spec));
    };
  }

  /** A held-out set read from files of its own; {@code description} says which, like {@link LoadedData#description}. */
  public record HeldOut(Examples examples, String description) {}

  /**
   * The test set, or the validation set, when it lives in files of its own (Fashion-MNIST's test
   * images; {@code data.validationPath}; Indian Pines' validation files), read without the
   * training data, which on a cluster saves reading, shuffling and caching all of it. Empty when
   * that set is split off the training data, when the data set has no test set, and when the
   * feature or class count is not stated (then the training data decide it): {@link #load} gives those.
   */
  public static Optional<HeldOut> loadSeparately(SparkSession spark, DataSpec spec, boolean test) {
    if (test) {
      if (!spec.kind().hasTestSet()) return Optional.empty();
      Path dir = fashionMnistDir(spec);
      Examples t = FashionMnist.test(dir);
      checkDim(spec, t.dim(), spec.kind().id());
      return Optional.of(new HeldOut(t, describe("fashion-mnist " + dir + ": " + t.size() + " test", t.dim(), t.numClasses())));
    }
    return switch (spec.kind()) {
      case PEAKS, FASHION_MNIST -> Optional.empty();
      case INDIAN_PINES -> {
        int dim = spec.numFeatures().orElse(IndianPines.BANDS);
        yield indianPinesValidation(spec, dim).map(v -> new HeldOut(v.examples(),
            describe("indian-pines " + v.description(), dim, spec.numClasses())));
      }
      case LIBSVM, CSV, PARQUET, TABLE -> spec.validationPath() == null || spec.numFeatures().isEmpty()
          || spec.numClasses() == 0 ? Optional.empty()
          : Optional.of(separateFile(spark, spec, spec.numFeatures().getAsInt()));
    };
  }

  private static HeldOut separateFile(SparkSession spark, DataSpec spec, int dim) {
    RowReader reader = rowReader(JavaSparkContext.fromSparkContext(spark.sparkContext()), spark, spec);
    Examples v = collect(reader.read(spec.validationPath(), OptionalInt.of(dim), spec.numClasses()).rows(), dim,
        spec.numClasses());
    return new HeldOut(v, describe(spec.kind().id() + " " + spec.validationPath() + ": " + v.size() + " validation", dim,
        spec.numClasses()));
  }

  private static RowReader rowReader(JavaSparkContext sc, SparkSession spark, DataSpec spec) {
    return switch (spec.kind()) {
      case LIBSVM -> (path, nf, k) -> SparkSources.textRows(sc, path, LibsvmFormat.INSTANCE, nf, k);
      case CSV -> (path, nf, k) -> SparkSources.csvRows(spark, path, spec.columns(), nf, k);
      case PARQUET -> (path, nf, k) -> SparkSources.parquetRows(spark, path, spec.columns(), nf, k);
      case TABLE -> (path, nf, k) -> SparkSources.tableRows(spark, path, spec.columns(), nf, k);
      default -> throw new IllegalArgumentException(spec.kind().id() + " is not read row by row");
    };
  }

  private static LoadedData fashionMnist(JavaSparkContext sc, DataSpec spec, int n) {
    if (spec.validationPath() != null) {
      throw new DataException("fashion-mnist: a separate validation path is not supported; its validation set is split off the training images");
    }
    Path dir = fashionMnistDir(spec);
    FashionMnist.Split s = FashionMnist.load(dir);
    Examples[] tv = splitLocal(s.train(), spec.validationFraction(), spec.seed());
    return local(sc, spec, n, tv[0], tv[1], Optional.of(s.test()),
        "fashion-mnist " + dir + ": " + splitText(tv, spec) + ", " + s.test().size() + " test");
  }

  private static Path fashionMnistDir(DataSpec spec) {
    return spec.path() == null ? FashionMnist.DEFAULT_DIR : Path.of(spec.path());
  }

  /** The authors' file names in a folder; validation from their validation files when present. */
  private static LoadedData indianPines(JavaSparkContext sc, DataSpec spec, int n) {
    int dim = spec.numFeatures().orElse(IndianPines.BANDS);
    Path dir = Path.of(spec.path());
    Examples train = IndianPines.read(dir.resolve(IndianPines.TRAIN_FEATURES), dir.resolve(IndianPines.TRAIN_LABELS), dim, spec.numClasses());
    Optional<HeldOut> files = indianPinesValidation(spec, dim);
    Examples[] tv = files.isPresent() ? new Examples[] {train, files.get().examples()}
        : splitLocal(train, spec.validationFraction(), spec.seed());
    String how = files.isPresent() ? train.size() + " train, " + files.get().description() : splitText(tv, spec);
    return local(sc, spec, n, tv[0], tv[1], Optional.empty(), "indian-pines " + dir + ": " + how);
  }

  /** The validation files of {@code data.validationPath}, or of the data folder when it holds them; else empty. */
  private static Optional<HeldOut> indianPinesValidation(DataSpec spec, int dim) {
    Path valDir = Path.of(spec.validationPath() != null ? spec.validationPath() : spec.path());
    Path features = valDir.resolve(IndianPines.VALIDATION_FEATURES);
    if (spec.validationPath() == null && !Files.exists(features)) return Optional.empty();
    Examples v = IndianPines.read(features, valDir.resolve(IndianPines.VALIDATION_LABELS), dim, spec.numClasses());
    return Optional.of(new HeldOut(v, v.size() + " validation (" + features + ")"));
  }

  private static LoadedData local(JavaSparkContext sc, DataSpec spec, int n, Examples train, Examples validation,
      Optional<Examples> test, String what) {
    checkDim(spec, train.dim(), spec.kind().id());
    return new LoadedData(Blocks.distribute(sc, train, n), train.size(), validation, test, train.dim(), train.numClasses(),
        describe(what, train.dim(), train.numClasses(), n));
  }

  /** Reads rows; a class count of 0 is taken from their labels. */
  private interface RowReader {
    SparkSources.Rows read(String path, OptionalInt numFeatures, int numClasses);
  }

  private static LoadedData distributed(JavaSparkContext sc, DataSpec spec, int n, RowReader reader) {
    SparkSources.Rows rows = reader.read(spec.path(), spec.numFeatures(), spec.numClasses());
    checkDim(spec, rows.dim(), spec.path());
    SparkSources.Rows train;
    JavaRDD<LabeledRow> validation;
    String how;
    if (spec.validationPath() != null) {
      train = rows;
      // With the training data's class count: a label beyond it fails, naming its row.
      validation = reader.read(spec.validationPath(), OptionalInt.of(rows.dim()), rows.numClasses()).rows();
      how = "validation " + spec.validationPath();
    } else if (spec.validationFraction() == 0) {
      train = rows;
      validation = sc.emptyRDD();
      how = "no validation";
    } else {
      List<JavaRDD<LabeledRow>> parts = List.of(rows.rows().randomSplit(
          new double[] {1 - spec.validationFraction(), spec.validationFraction()}, spec.seed()));
      train = new SparkSources.Rows(parts.get(0), rows.dim(), rows.numClasses(), rows.source());
      validation = parts.get(1);
      how = String.format("validation split %.3g, seed %d", spec.validationFraction(), spec.seed());
    }
    JavaRDD<Examples> blocks = SparkSources.blocks(train, n);
    long trainSize = SparkErrors.unwrap(() -> blocks.map(Examples::size).fold(0, Integer::sum)).longValue();
    Examples val = collect(validation, rows.dim(), rows.numClasses());
    String what = spec.kind().id() + " " + spec.path() + ": " + trainSize + " train, " + val.size() + " validation (" + how + ")";
    return new LoadedData(blocks, trainSize, val, Optional.empty(), rows.dim(), rows.numClasses(),
        describe(what, rows.dim(), rows.numClasses(), n) + (rows.dimOrigin() == null ? "" : " (" + rows.dimOrigin() + ")"));
  }

  private static Examples collect(JavaRDD<LabeledRow> rows, int dim, int numClasses) {
    return Blocks.fromRows(SparkErrors.unwrap(rows::collect).iterator(), dim, numClasses);
  }

  private static void checkDim(DataSpec spec, int dim, String source) {
    if (spec.numFeatures().isPresent() && spec.numFeatures().getAsInt() != dim) {
      throw new DataException(source + ": expected " + spec.numFeatures().getAsInt() + " features, the data has " + dim);
    }
  }

  /** {train, validation}: a seeded random subset of round(f·n) examples for validation, both kept in data order. */
  static Examples[] splitLocal(Examples all, double fraction, long seed) {
    int nv = (int) Math.round(fraction * all.size());
    int[] perm = new int[all.size()];
    for (int i = 0; i < perm.length; i++) perm[i] = i;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < nv; i++) {
      int j = i + rnd.nextInt(perm.length - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    boolean[] isVal = new boolean[all.size()];
    for (int i = 0; i < nv; i++) isVal[perm[i]] = true;
    int[] tr = new int[all.size() - nv];
    int[] va = new int[nv];
    for (int i = 0, a = 0, b = 0; i < all.size(); i++) {
      if (isVal[i]) va[b++] = i;
      else tr[a++] = i;
    }
    return new Examples[] {all.select(tr), all.select(va)};
  }

  private static String splitText(Examples[] tv, DataSpec spec) {
    return String.format("%d train, %d validation (split %.3g, seed %d)", tv[0].size(), tv[1].size(),
        spec.validationFraction(), spec.seed());
  }

  private static String describe(String what, int dim, int numClasses, int n) {
    return describe(what, dim, numClasses) + ", " + n + " blocks";
  }

  private static String describe(String what, int dim, int numClasses) {
    return what + "; " + dim + " features, " + numClasses + " classes";
  }
}
