package org.layerbraid;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real local Spark context shared by the tests of one class: register it as a static
 * {@code @RegisterExtension} field; it starts before the class's first test and stops after its last.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private final String master;
  private JavaSparkContext sc;

  /** @param master e.g. {@code local[2]}, or {@code local[16,3]} for 16 slots and 3 attempts per task */
  public LocalSpark(String master) {
    this.master = master;
  }

  public JavaSparkContext sc() {
    if (sc == null) throw new IllegalStateException("the Spark context starts before the class's first test");
    return sc;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    sc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName(context.getDisplayName())
        .set("spark.ui.enabled", "false"));
    sc.setLogLevel("ERROR");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sc.stop();
  }
}
