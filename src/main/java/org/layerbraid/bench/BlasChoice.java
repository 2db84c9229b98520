package org.layerbraid.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A BLAS implementation netlib (dev.ludovic.netlib 3.x) can give: the system library through JNI
 * ({@code libblas.so.3}, e.g. Debian's OpenBLAS), or the pure-Java fallback.
 */
public enum BlasChoice {
  NATIVE, JAVA;

  /** "native" or "java", as users write it. */
  public String label() { return name().toLowerCase(Locale.ROOT); }

  /** The implementation; throws with an installation hint when native BLAS did not load. */
  public BLAS instance() {
    if (this == JAVA) return JavaBLAS.getInstance();
    try {
      return NativeBLAS.getInstance();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("native BLAS is not available: netlib could not dlopen "
          + "libblas.so.3 (on Debian/Ubuntu: apt-get install libopenblas0-pthread), or it was "
          + "disabled with -Ddev.ludovic.netlib.blas.allowNative=false", e);
    }
  }

  public boolean isAvailable() {
    if (this == JAVA) return true;
    try {
      NativeBLAS.getInstance();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The implementations this JVM can use, native first. */
  public static List<BlasChoice> available() {
    List<BlasChoice> out = new ArrayList<>();
    for (BlasChoice c : values()) if (c.isAvailable()) out.add(c);
    return out;
  }

  /** "auto" (every available one), or a comma-separated list of "native" and "java". */
  public static List<BlasChoice> parseList(String text) {
    if (text.trim().equalsIgnoreCase("auto")) return available();
    List<BlasChoice> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      BlasChoice c = Arrays.stream(values()).filter(v -> v.label().equals(p)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown BLAS '" + part.trim()
              + "', expected auto or a list of native, java"));
      if (!out.contains(c)) out.add(c);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no BLAS implementation chosen");
    for (BlasChoice c : out) c.instance(); // fail early with the hint
    return out;
  }
}
