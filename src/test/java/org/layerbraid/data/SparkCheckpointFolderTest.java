package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.errors.SparkCoreErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.layerbraid.LocalSpark;

/**
 * A checkpoint folder the executors do not share shows at the driver as Spark's "different number
 * of partitions" (it finds fewer files than they wrote). A cluster of several machines is needed to
 * provoke it, so the error here is the one Spark builds for it, thrown by the job that writes.
 */
class SparkCheckpointFolderTest {
  @RegisterExtension
  static final LocalSpark SPARK = new LocalSpark("local[1]");

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void aFolderTheExecutorsDoNotShareIsReportedInOneLineNamingIt() {
    String folder = SparkCheckpointFolder.ensure(SPARK.sc().sc());
    Throwable spark = SparkCoreErrors.checkpointRDDHasDifferentNumberOfPartitionsFromOriginalRDDError(3, 2, 4, 0);
    String m = assertThrows(IllegalArgumentException.class,
        () -> SparkCheckpointFolder.written(SPARK.sc().sc(), () -> { throw sneaky(spark); })).getMessage();
    assertTrue(m.startsWith("spark.checkpoint.dir: ") && m.contains(folder) && m.contains("HDFS"), m);
    assertFalse(m.contains("\n"), m);
  }

  @Test
  void otherFailuresAndResultsPassUnchanged() {
    IllegalStateException other = new IllegalStateException("another failure");
    assertSame(other, assertThrows(IllegalStateException.class,
        () -> SparkCheckpointFolder.written(SPARK.sc().sc(), () -> { throw other; })));
    assertEquals(3L, SparkCheckpointFolder.written(SPARK.sc().sc(), () -> SPARK.sc().parallelize(List.of(1, 2, 3)).count()));
  }
}
