package org.layerbraid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.layerbraid.model.Mat;

/**
 * The machine a benchmark ran on: without it, a throughput figure means nothing. Linux details come
 * from /proc and read as "unknown" elsewhere.
 *
 * @param cpuModel first "model name" of /proc/cpuinfo
 * @param simd the widest of avx512f, avx2, avx, sse2 the CPU flags list
 * @param cores processors available to this JVM
 * @param memoryBytes MemTotal of /proc/meminfo, or -1
 * @param maxHeapBytes the JVM's maximum heap
 * @param javaVersion java.runtime.version and the VM name
 * @param os os.name and os.arch
 * @param blas the BLAS implementation class in use ({@link Mat#blasName()})
 * @param blasLibraries the native BLAS libraries mapped into this process (empty: none loaded)
 * @param openblasNumThreads the OPENBLAS_NUM_THREADS environment variable, or null when unset
 */
public record Machine(String cpuModel, String simd, int cores, long memoryBytes, long maxHeapBytes,
    String javaVersion, String os, String blas, List<String> blasLibraries, String openblasNumThreads) {

  public static Machine probe() {
    String blas = Mat.blasName(); // loads netlib first, so that a native library is mapped
    String cpu = "unknown", simd = "unknown";
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (cpu.equals("unknown") && line.startsWith("model name")) cpu = afterColon(line);
      if (simd.equals("unknown") && line.startsWith("flags")) simd = widestSimd(afterColon(line));
    }
    long mem = -1;
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] f = afterColon(line).split("\\s+");
        try {
          mem = Long.parseLong(f[0]) * (f.length > 1 && f[1].equalsIgnoreCase("kB") ? 1024 : 1);
        } catch (NumberFormatException e) {
          mem = -1;
        }
      }
    }
    TreeSet<String> libs = new TreeSet<>();
    for (String line : lines(Path.of("/proc/self/maps"))) {
      int slash = line.indexOf('/');
      if (slash < 0) continue;
      String path = line.substring(slash).trim();
      String file = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if ((file.contains("blas") || file.contains("mkl")) && !file.contains("netlibblasjni")) libs.add(path);
    }
    return new Machine(cpu, simd, Runtime.getRuntime().availableProcessors(), mem,
        Runtime.getRuntime().maxMemory(),
        System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
            + System.getProperty("java.vm.name", "?") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.arch"), blas,
        new ArrayList<>(libs), System.getenv("OPENBLAS_NUM_THREADS"));
  }

  /** One line for a table header. */
  public String describe() {
    return String.format(Locale.ROOT, "%s (%s), %d cores, %s RAM, max heap %s; Java %s; %s",
        cpuModel, simd, cores, gib(memoryBytes), gib(maxHeapBytes), javaVersion, os);
  }

  /**
   * A warning when a native BLAS is loaded and OPENBLAS_NUM_THREADS is unset, else null. Spark runs a
   * task per core, and a pthread OpenBLAS starting a thread per core in each of them more than halved
   * a Fashion-MNIST epoch's speed on 2 cores (5.2k against 9.8k examples/s at depth 4).
   */
  public String blasThreadWarning() {
    if (openblasNumThreads != null || blasLibraries.isEmpty()) return null;
    return "warning: OPENBLAS_NUM_THREADS is unset, OpenBLAS may start a thread per core in every Spark task;"
        + " export OPENBLAS_NUM_THREADS=1 (submit/layerbraid and the spark-submit scripts set it)";
  }

  /** The BLAS line: implementation, library, thread setting. */
  public String describeBlas() {
    return "BLAS in use: " + blas + (blasLibraries.isEmpty() ? " (no native BLAS library loaded)"
        : " (" + String.join(", ", blasLibraries) + ")")
        + "; OPENBLAS_NUM_THREADS=" + (openblasNumThreads == null ? "unset" : openblasNumThreads);
  }


  private static String gib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String afterColon(String line) {
    int c = line.indexOf(':');
    return c < 0 ? line.trim() : line.substring(c + 1).trim();
  }

  private static String widestSimd(String flags) {
    List<String> f = List.of(flags.split("\\s+"));
    for (String s : List.of("avx512f", "avx2", "avx", "sse2")) if (f.contains(s)) return s;
    return "none of avx512f/avx2/avx/sse2";
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
