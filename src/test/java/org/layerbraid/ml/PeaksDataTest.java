package org.layerbraid.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.report.Charts;
import org.layerbraid.report.LabelledPoints;

/** The public Peaks frames against the surface's own formula and the documented row order. */
class PeaksDataTest {
  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkSession.builder().master("local[2]").appName("PeaksDataTest")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    if (spark != null) spark.stop();
  }

  @Test
  void gridRowsFollowYThenXFromMinusThreeToThree() {
    List<Row> rows = PeaksData.grid(spark).collectAsList();
    assertEquals(256 * 256, rows.size());
    double step = 6.0 / 255;
    // Row j·256 + i is (x_i, y_j), x_i = −3 + i·6/255.
    assertArrayEquals(new double[] {-3, -3}, new double[] {rows.get(0).getDouble(0), rows.get(0).getDouble(1)}, 1e-15);
    Row r = rows.get(7 * 256 + 5);
    assertEquals(-3 + 5 * step, r.getDouble(0), 1e-12);
    assertEquals(-3 + 7 * step, r.getDouble(1), 1e-12);
    assertEquals(3, rows.get(rows.size() - 1).getDouble(0), 1e-12);
  }

  @Test
  void samplesAreBalancedLabelledPointsOfTheGridAndHeldOutPointsDiffer() {
    Dataset<Row> s = PeaksData.sample(spark, 30, 4);
    assertEquals(150, s.count());
    for (Row c : s.groupBy("label").count().collectAsList()) assertEquals(30L, c.getLong(1));
    // Every sampled point is a grid point with the grid's label.
    Dataset<Row> grid = PeaksData.grid(spark).toDF("gx", "gy", "gridLabel");
    Dataset<Row> joined = s.join(grid, s.col("x").equalTo(grid.col("gx")).and(s.col("y").equalTo(grid.col("gy"))));
    assertEquals(150, joined.count());
    assertEquals(0, joined.filter(functions.col("label").notEqual(functions.col("gridLabel"))).count());
    assertEquals(s.collectAsList(), PeaksData.sample(spark, 30, 4).collectAsList(), "same seed, same points");
    assertNotEquals(s.collectAsList(), PeaksData.heldOut(spark, 30, 4).collectAsList());
  }

  @Test
  void decisionMapDrawsThePredictionsInGridOrderWhateverTheRowOrder() throws IOException {
    // Predictions = the true classes, rows shuffled: the map must be the grid's own, drawn directly.
    Dataset<Row> predicted = PeaksData.grid(spark).withColumn("prediction", functions.col("label"))
        .orderBy(functions.rand(5));
    Examples points = Peaks.sample(2, 1);
    byte[] expected = Charts.decisionMapPng(256, 256, Peaks.grid().labels(), 5, -3, 3, -3, 3,
        new LabelledPoints(column(points, 0), column(points, 1), points.labels()));
    assertArrayEquals(expected, PeaksData.decisionMapPng(predicted, PeaksData.sample(spark, 2, 1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PeaksData.decisionMapPng(predicted.limit(10), null));
    assertTrue(e.getMessage().contains("10 rows") && e.getMessage().contains("65536"), e.getMessage());
  }

  private static double[] column(Examples e, int j) {
    double[] c = new double[e.size()];
    for (int i = 0; i < c.length; i++) c[i] = e.feature(i, j);
    return c;
  }
}
