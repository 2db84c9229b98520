package org.layerbraid.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN cluster in this JVM — a ResourceManager and one NodeManager (Hadoop's
 * MiniYARNCluster) listening on 127.0.0.1, whose containers are processes of their own — and the
 * Hadoop configuration folder through which a client in another process finds it, as
 * HADOOP_CONF_DIR does on a real cluster.
 */
final class MiniYarn implements AutoCloseable {
  private final MiniYARNCluster cluster;
  private final Path confDir;

  private MiniYarn(MiniYARNCluster cluster, Path confDir) {
    this.cluster = cluster;
    this.confDir = confDir;
  }

  /**
   * Starts the cluster (work and log folders under target/test/data/{@code name}) and writes
   * yarn-site.xml and core-site.xml to {@code confDir}.
   */
  static MiniYarn start(String name, Path confDir) throws Exception {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_BIND_HOST, "127.0.0.1");
    conf.set(YarnConfiguration.NM_BIND_HOST, "127.0.0.1");
    // No capacity-scheduler.xml on this classpath: without a queue no application is accepted.
    String queue = "yarn.scheduler.capacity.root.default.";
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set(queue + "capacity", "100");
    conf.set(queue + "maximum-capacity", "100");
    conf.set(queue + "user-limit-factor", "1");
    conf.set(queue + "state", "RUNNING");
    conf.set(queue + "acl_submit_applications", "*");
    conf.set(queue + "acl_administer_queue", "*");
    // A NodeManager refuses to start containers on a disk over 90 % full; a developer's disk may well be.
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99f);
    // Containers run $JAVA_HOME/bin/java; a real NodeManager gets JAVA_HOME from yarn-env.sh.
    conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));

    MiniYARNCluster cluster = new MiniYARNCluster(name, 1, 1, 1);
    MiniYarn yarn = new MiniYarn(cluster, confDir);
    try {
      cluster.init(conf);
      cluster.start();
      if (!cluster.waitForNodeManagersToConnect(60_000)) throw new IllegalStateException("the NodeManager did not register in 60 s");
      Files.createDirectories(confDir);
      // The started cluster's YARN settings hold the ports it bound; the rest would override core-site.xml.
      Configuration site = new Configuration(false);
      for (Map.Entry<String, String> e : cluster.getConfig()) {
        if (e.getKey().startsWith("yarn.")) site.set(e.getKey(), e.getValue());
      }
      write(site, confDir.resolve("yarn-site.xml"));
      Configuration core = new Configuration(false);
      core.set("fs.defaultFS", "file:///");
      write(core, confDir.resolve("core-site.xml"));
      return yarn;
    } catch (Exception e) {
      yarn.close();
      throw e;
    }
  }

  private static void write(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }

  Path confDir() { return confDir; }

  /** Every application the ResourceManager knows, as {@code yarn application -list -appStates ALL} shows them. */
  List<ApplicationReport> applications() throws IOException, YarnException {
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(cluster.getConfig());
      client.start();
      return client.getApplications();
    }
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
