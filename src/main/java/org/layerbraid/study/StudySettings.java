package org.layerbraid.study;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a nested-iteration study runs: the seeds, the sweep cases (the base configuration, then one
 * case per swept value, one key changed at a time as in the method authors' sensitivity study), each
 * arm's tuning grid, the arms compared, the target accuracy and how often the target set is measured.
 *
 * @param nestedGrid the settings of nested iteration's schedule tried in every case (keys of
 *     {@code train.} and {@code nested.}); the one with the best median validation accuracy is compared
 * @param randomGrid the same for the random start ({@code train.} keys): as many settings as
 *     nestedGrid, so that both arms get the same tuning budget
 * @param target accuracy on the target set whose first crossing times a run
 * @param thresholds validation accuracies at which the tuned arms' times are compared; empty = the
 *     tuned random start's median final validation accuracy less {@link #DEFAULT_MARGIN}
 * @param monitorEvery measure the target set every this many epochs (and at the end)
 * @param randomStepFactor the random start's step budget as a multiple of nested iteration's steps
 * @param mlpHidden hidden layer sizes of the MLlib baseline
 * @param mlpChunk L-BFGS iterations of the MLlib baseline's first fit (the next ones double it)
 */
public record StudySettings(long[] seeds, List<SweepCase> cases, List<SweepCase> nestedGrid, List<SweepCase> randomGrid,
    Set<Arm> arms, double target, double[] thresholds, int monitorEvery, double randomStepFactor, int[] mlpHidden,
    int mlpChunk) {

  /** The default threshold lies this far below the tuned random start's median final validation accuracy. */
  public static final double DEFAULT_MARGIN = 0.005;

  /**
   * A configuration of the sweep, or a setting of a tuning grid: its name and the keys it sets on top
   * of the base configuration.
   */
  public record SweepCase(String name, Map<String, String> overrides) {
    public static final String BASE = "base";
    /** The name of a tuning grid's only setting when the grid is empty: the configuration as it is. */
    public static final String CONFIGURED = "as configured";

    public boolean isBase() { return overrides.isEmpty(); }

    /** This case with a grid setting's keys set on top (the setting's keys win). */
    public SweepCase with(SweepCase setting) {
      Map<String, String> o = new LinkedHashMap<>(overrides);
      o.putAll(setting.overrides());
      return new SweepCase(name, o);
    }

    /** True when the case changes only nested-iteration keys, so the runs without nested iteration equal the base's. */
    public boolean onlyNested() {
      return overrides.keySet().stream().allMatch(k -> k.startsWith("nested."));
    }
  }

  /** The schedules a study compares. */
  public enum Arm {
    NESTED("nested"), RANDOM("random"), MLLIB("mllib");

    private final String id;

    Arm(String id) { this.id = id; }

    public String id() { return id; }

    static Arm parse(String s) {
      for (Arm a : values()) if (a.id.equals(s.strip().toLowerCase(Locale.ROOT))) return a;
      throw new IllegalArgumentException("unknown arm '" + s.strip() + "'; expected nested, random or mllib");
    }
  }

  public StudySettings {
    if (seeds.length == 0) throw new IllegalArgumentException("study.seeds: at least one seed is needed");
    if (!arms.contains(Arm.NESTED)) {
      throw new IllegalArgumentException("study.arms must contain nested: the other arms' budgets are nested iteration's");
    }
    if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("study.target must be in (0, 1], got " + target);
    for (double t : thresholds) {
      if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("study.thresholds must be in (0, 1], got " + t);
    }
    if (arms.contains(Arm.RANDOM) && randomGrid.size() != nestedGrid.size()) {
      throw new IllegalArgumentException("study.randomGrid has " + randomGrid.size() + " settings and study.nestedGrid "
          + nestedGrid.size() + ": both arms get the same tuning budget, give them grids of the same size");
    }
    if (monitorEvery < 1) throw new IllegalArgumentException("study.monitorEvery must be >= 1, got " + monitorEvery);
    if (!(randomStepFactor > 0)) {
      throw new IllegalArgumentException("study.randomStepFactor must be > 0, got " + randomStepFactor);
    }
    if (mlpChunk < 1) throw new IllegalArgumentException("study.mlpChunk must be >= 1, got " + mlpChunk);
    for (int h : mlpHidden) {
      if (h < 1) throw new IllegalArgumentException("study.mlpHidden: layer sizes must be >= 1, got " + h);
    }
  }

  /**
   * Reads the {@code study.*} keys through {@code value} (key → the configured string); sweep keys
   * are checked against the base configuration through the same lookup, which fails for an
   * unknown key.
   */
  public static StudySettings parse(java.util.function.UnaryOperator<String> value) {
    return new StudySettings(parseSeeds(value.apply("study.seeds")), parseSweep(value.apply("study.sweep"), value),
        parseGrid("study.nestedGrid", value, "train.", "nested."), parseGrid("study.randomGrid", value, "train."),
        parseArms(value.apply("study.arms")), number(value, "study.target"),
        parseList(value.apply("study.thresholds"), Double::parseDouble, "a number", "study.thresholds: ").stream()
            .mapToDouble(Double::doubleValue).toArray(), (int) number(value, "study.monitorEvery"),
        number(value, "study.randomStepFactor"), parseSizes(value.apply("study.mlpHidden")),
        (int) number(value, "study.mlpChunk"));
  }

  private static double number(java.util.function.UnaryOperator<String> value, String key) {
    String v = value.apply(key);
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": expected a number, got '" + v + "'");
    }
  }

  /** The random start's step budget: {@code randomStepFactor} × the steps of nested iteration's run. */
  public long stepBudget(long nestedSteps) {
    return (long) Math.ceil(randomStepFactor * nestedSteps);
  }

  /** Seeds as a comma list, e.g. {@code 1,2,3,4,5}. */
  static long[] parseSeeds(String s) {
    return parseList(s, Long::parseLong, "an integer seed", "study.seeds: ").stream().mapToLong(Long::longValue).toArray();
  }

  /** A comma list; an entry that does not parse is named with the list and what was expected. */
  private static <T> List<T> parseList(String s, java.util.function.Function<String, T> parse, String what, String key) {
    List<T> out = new ArrayList<>();
    for (String p : s.split(",")) {
      if (p.isBlank()) continue;
      try {
        out.add(parse.apply(p.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + "'" + p.strip() + "' in '" + s + "' is not " + what);
      }
    }
    return out;
  }

  /**
   * The sweep {@code key=v1,v2; key2=v3}: the base case, then one case per value (values equal to
   * the base's are left out). A key whose value is itself a list (per-level epochs, say) separates
   * its values with {@code |}: {@code nested.epochs=3,2,1|6,3,1}. {@code baseValue} gives the base
   * configuration's value of a key.
   */
  static List<SweepCase> parseSweep(String s, java.util.function.UnaryOperator<String> baseValue) {
    List<SweepCase> cases = new ArrayList<>();
    cases.add(new SweepCase(SweepCase.BASE, Map.of()));
    for (String part : s.split(";")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException("study.sweep: '" + part.strip() + "' is not key=value[,value...]");
      }
      String key = part.substring(0, eq).strip();
      if (key.startsWith("study.") || key.startsWith("data.") || key.startsWith("peaks.") || key.equals("seed")) {
        throw new IllegalArgumentException("study.sweep: " + key + " cannot be swept (the data and seeds are the"
            + " study's own axes; sweep model, init, reg, train, mgrit or nested keys)");
      }
      String base = listed(baseValue.apply(key)); // fails for an unknown key, naming it
      for (String value : values("study.sweep", key, part.substring(eq + 1))) {
        if (value.equals(base)) continue;
        Map<String, String> o = new LinkedHashMap<>();
        o.put(key, value);
        cases.add(new SweepCase(key + "=" + value, o));
      }
    }
    return cases;
  }

  /**
   * A tuning grid {@code key=v1,v2; key2=w1,w2} (list values separated by {@code |}, as in the sweep):
   * every combination of the values, in order, the first key varying slowest; one setting without
   * overrides when empty. Only keys starting with one of {@code prefixes} may be tuned.
   */
  static List<SweepCase> parseGrid(String gridKey, java.util.function.UnaryOperator<String> value, String... prefixes) {
    List<SweepCase> grid = new ArrayList<>();
    grid.add(new SweepCase(SweepCase.CONFIGURED, Map.of()));
    for (String part : value.apply(gridKey).split(";")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(gridKey + ": '" + part.strip() + "' is not key=value[,value...]");
      }
      String key = part.substring(0, eq).strip();
      if (java.util.Arrays.stream(prefixes).noneMatch(key::startsWith)) {
        throw new IllegalArgumentException(gridKey + ": " + key + " cannot be tuned here; expected a key starting with "
            + String.join(" or ", prefixes));
      }
      value.apply(key); // fails for an unknown key, naming it
      List<SweepCase> next = new ArrayList<>();
      for (SweepCase g : grid) {
        for (String v : values(gridKey, key, part.substring(eq + 1))) {
          Map<String, String> o = new LinkedHashMap<>(g.overrides());
          o.put(key, v);
          next.add(new SweepCase((g.isBase() ? "" : g.name() + " ") + key + "=" + v, o));
        }
      }
      grid = next;
    }
    return List.copyOf(grid);
  }

  /** The values of one key of a sweep or grid: comma-separated, or bar-separated when they are lists. */
  private static List<String> values(String listKey, String key, String values) {
    List<String> out = new ArrayList<>();
    for (String v : values.contains("|") ? values.split("\\|") : values.split(",")) {
      String value = listed(v);
      if (value.isEmpty()) throw new IllegalArgumentException(listKey + ": empty value for " + key);
      out.add(value);
    }
    return out;
  }

  /** The value without blanks at its ends or around its commas, so that "4, 2" names the case "4,2". */
  private static String listed(String v) {
    return v.strip().replaceAll("\\s*,\\s*", ",");
  }

  static Set<Arm> parseArms(String s) {
    Set<Arm> arms = EnumSet.noneOf(Arm.class);
    for (String p : s.split(",")) if (!p.isBlank()) arms.add(Arm.parse(p));
    return arms;
  }

  static int[] parseSizes(String s) {
    return parseList(s, Integer::parseInt, "an integer layer size", "study.mlpHidden: ").stream().mapToInt(Integer::intValue)
        .toArray();
  }
}
