package org.layerbraid.cli;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose commands start their own Spark session: SparkConf reads {@code spark.*}
 * system properties, so setting one for the class turns the web UI off (no port to fight over),
 * and the property is put back afterwards.
 */
final class NoSparkUi implements BeforeAllCallback, AfterAllCallback {
  private static final String KEY = "spark.ui.enabled";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoSparkUi.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    String before = System.setProperty(KEY, "false");
    context.getStore(NS).put(KEY, before == null ? "" : before);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    String before = context.getStore(NS).get(KEY, String.class);
    if (before == null || before.isEmpty()) System.clearProperty(KEY);
    else System.setProperty(KEY, before);
  }
}
