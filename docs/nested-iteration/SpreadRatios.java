import java.nio.file.*;
import java.util.*;
import org.layerbraid.study.SpreadRatio;

/**
 * java -cp target/classes docs/nested-iteration/SpreadRatios.java label=DIR[+DIR...][@CASE] ... : the spread ratios
 * a study's summary.md now reports (nested ÷ random at equal cost and at equal time, 90 % bootstrap
 * interval, resampling seed 1), recomputed from the runs.csv of studies written before it did; the runs
 * of several study folders together, or of one sweep case only.
 */
public class SpreadRatios {
  public static void main(String[] args) throws Exception {
    System.out.println("| study | pairs | nested ÷ random, equal cost: test | validation | equal time: test | validation |");
    System.out.println("|---|---|---|---|---|---|");
    for (String arg : args) {
      String label = arg.substring(0, arg.indexOf('='));
      String[] where = arg.substring(arg.indexOf('=') + 1).split("@");
      List<Map<String, String>> runs = new ArrayList<>();
      for (String dir : where[0].split("\\+")) {
        for (Map<String, String> r : read(Path.of(dir, "runs.csv"))) {
          if (where.length == 1 || r.get("case").equals(where[1])) runs.add(r);
        }
      }
      List<Map<String, String>[]> pairs = new ArrayList<>();
      for (Map<String, String> r : runs) {
        if (!r.get("arm").equals("random")) continue;
        for (Map<String, String> n : runs) {
          if (n.get("arm").equals("nested") && n.get("case").equals(r.get("case")) && n.get("seed").equals(r.get("seed"))) {
            @SuppressWarnings("unchecked") Map<String, String>[] p = new Map[] {n, r};
            pairs.add(p);
          }
        }
      }
      StringBuilder row = new StringBuilder("| " + label + " | " + pairs.size());
      for (String reading : List.of("equal_cost", "equal_time")) {
        for (String value : List.of("target", "validation")) {
          double[] a = pairs.stream().mapToDouble(p -> num(p[0].get("end_" + value))).toArray();
          double[] b = pairs.stream().mapToDouble(p -> num(p[1].get(reading + "_" + value))).toArray();
          row.append(" | ").append(SpreadRatio.of(a, b, 0.9, SpreadRatio.RESAMPLES, 1).describe());
        }
      }
      System.out.println(row.append(" |"));
    }
  }

  private static double num(String s) { return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s); }

  /** runs.csv: a header line, then one run per line; fields may be double-quoted. */
  private static List<Map<String, String>> read(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String> header = fields(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = fields(line);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.size(); i++) m.put(header.get(i), f.get(i));
      rows.add(m);
    }
    return rows;
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') cur.append(line.charAt(++i));
        else quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
