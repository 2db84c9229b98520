package org.layerbraid.settings;

import java.util.Locale;
import java.util.Optional;

/** The "did you mean" of every name a user types: config keys, commands, options. */
public final class Spelling {
  private Spelling() {}

  /**
   * The candidate closest to {@code word}, ignoring case, if it is within {@code maxEdits} edits and
   * the word is not mostly edits: a swapped pair of letters counts one edit, since it is the most
   * common slip ("trian").
   */
  public static Optional<String> closest(String word, Iterable<String> candidates, int maxEdits) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Math.min(maxEdits, (w.length() + 1) / 2) + 1;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Edit distance with adjacent transpositions (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j], d[i][j - 1]) + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
