package org.layerbraid.ml;

import java.util.Objects;

/**
 * Hands a Spark ML stage its uid while its Scala superclass is still being constructed.
 *
 * <p>Spark's shared params ({@code featuresCol}, {@code probabilityCol}, ...) are created in the
 * Scala superclass constructor and ask their parent for {@code uid()} right then, before a Java
 * subclass has had a chance to assign any field. A Scala class gets around this by assigning
 * constructor vals first; a Java class cannot. So the public constructor parks the uid here,
 * {@code uid()} answers from here until the field is set, and the first field initialiser takes it.
 */
final class Uids {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  /** Proof that a uid was parked; the argument type of the private constructors. */
  static final class Parked {
    private Parked() {}
  }

  private static final Parked PARKED = new Parked();

  private Uids() {}

  static Parked park(String uid) {
    Objects.requireNonNull(uid, "uid");
    PENDING.set(uid);
    return PARKED;
  }

  /** The uid of the stage under construction on this thread. */
  static String pending() {
    String uid = PENDING.get();
    if (uid == null) throw new IllegalStateException("no uid parked: construct stages through their public constructors");
    return uid;
  }

  /** The parked uid, released. */
  static String take() {
    String uid = pending();
    PENDING.remove();
    return uid;
  }
}
