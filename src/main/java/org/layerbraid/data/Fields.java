package org.layerbraid.data;

/** The checks every reader applies to a single value, with the same wording in every format. */
final class Fields {
  private Fields() {}

  /** Parses a feature value; {@code what} names it in the message, e.g. "field 3". */
  static double finite(String token, String what, Position at) {
    double v;
    try {
      v = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw at.error(what + ": '" + token + "' is not a number");
    }
    return finite(v, what, at);
  }

  static double finite(double v, String what, Position at) {
    if (!Double.isFinite(v)) throw at.error(what + " is " + v + "; expected a finite number");
    return v;
  }

  static int label(String token, int numClasses, Position at) {
    double v;
    try {
      v = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw at.error("label '" + token + "' is not a number; expected " + classRange(numClasses));
    }
    return label(v, numClasses, at);
  }

  /**
   * Labels are class indices; a real-valued column is accepted only when it holds integers.
   * {@code numClasses} 0: not known yet (the largest label will set it), any index below
   * {@link DataSpec#MAX_CLASSES}.
   */
  static int label(double v, int numClasses, Position at) {
    if (v != Math.rint(v)) {
      throw at.error("label " + v + " is not an integer; expected " + classRange(numClasses));
    }
    if (v < 0 || v >= (numClasses > 0 ? numClasses : DataSpec.MAX_CLASSES)) {
      throw at.error("label " + (long) v + " is out of range; expected " + classRange(numClasses));
    }
    return (int) v;
  }

  static String classRange(int numClasses) {
    return "a 0-based class index 0.." + ((numClasses > 0 ? numClasses : DataSpec.MAX_CLASSES) - 1);
  }

  static boolean isNumber(String token) {
    try {
      Double.parseDouble(token);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
