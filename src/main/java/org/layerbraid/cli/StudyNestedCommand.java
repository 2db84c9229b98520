package org.layerbraid.cli;

import org.layerbraid.settings.Options;
import org.layerbraid.settings.RunSettings;
import org.layerbraid.settings.Config;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.apache.spark.sql.SparkSession;
import org.layerbraid.bench.Machine;
import org.layerbraid.report.Progress;
import org.layerbraid.study.NestedStudy;
import org.layerbraid.study.StudyCase;
import org.layerbraid.study.StudyReport;
import org.layerbraid.study.StudySettings;
import org.layerbraid.study.StudySettings.SweepCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "nested", mixinStandardHelpOptions = true,
    description = "Nested iteration vs a random start (50%% more steps, and equal wall time) vs MLlib's perceptron,"
        + " over study.seeds and study.sweep, each arm tuned over its grid (study.nestedGrid, study.randomGrid) and"
        + " picked on validation accuracy; writes summary.md, runs.csv, curves.csv, sweep.csv, thresholds.csv and PNG plots.")
final class StudyNestedCommand implements Callable<Integer> {

  @Mixin RunOptions run;

  /** The study.* settings of {@code c}; a key named in study.sweep must be a config key. */
  static StudySettings studySettings(Config c) {
    return StudySettings.parse(key -> {
      if (Options.find(key) == null) {
        throw new IllegalArgumentException(c.origin("study.sweep") + ": unknown key '" + key + "' in study.sweep;"
            + " 'layerbraid keys' lists them all");
      }
      return c.string(key);
    });
  }

  /** The typed settings of a sweep case (with a grid setting on top) at a seed; fails on bad values. */
  static BiFunction<SweepCase, Long, StudyCase> caseSettings(Config c) {
    return (sweep, seed) -> {
      Config cs = c.withValue("seed", seed, "study seed " + seed);
      for (var e : sweep.overrides().entrySet()) cs = cs.with(e.getKey(), e.getValue());
      RunSettings s = RunSettings.from(cs);
      return new StudyCase(s.data(), s.partitions(), s.model(), s.propagation(), s.training(), s.nested());
    };
  }

  @Override
  public Integer call() throws Exception {
    Config c = run.load();
    StudySettings study = studySettings(c);
    RunSettings base = RunSettings.from(c);
    Path outDir = run.outDir();
    Progress progress = Progress.forMode(base.progressMode(), System.out);
    long start = System.nanoTime();
    BiFunction<SweepCase, Long, StudyCase> caseSettings = caseSettings(c);
    NestedStudy.check(study, caseSettings);
    try (Spark.Session session = Spark.open("layerbraid study nested", run.master.url)) {
      SparkSession spark = session.spark();
      NestedStudy runner = new NestedStudy(spark, study, caseSettings, progress);
      int[] seeds = {0};
      runner.run(runs -> {
        seeds[0]++;
        try {
          new StudyReport(study, runs, runner.targetName()).write(outDir,
              setup(base, c, (System.nanoTime() - start) * 1e-9, seeds[0], study.seeds().length));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot write the study report to " + outDir + ": " + e.getMessage(), e);
        }
        progress.message("study: " + seeds[0] + " of " + study.seeds().length + " seeds done; report in "
            + outDir.toAbsolutePath());
      });
      progress.message("study written to " + outDir.toAbsolutePath()
          + " (summary.md, runs.csv, curves.csv, sweep.csv, thresholds.csv, PNGs)");
    }
    return 0;
  }

  private String setup(RunSettings base, Config c, double seconds, int seedsDone, int seeds) {
    Machine m = Machine.probe();
    return String.format(Locale.ROOT, "Config `%s`; data %s; propagation %s; nested iteration %s. Seeds done: %d of %d,"
        + " in %.0f s on %s,"
        + " %d cores, %s, BLAS %s.%n%nSettings that differ from the defaults: `%s`", run.config, base.data().kind().id(),
        base.propagation().describe(), base.nested(), seedsDone, seeds, seconds, m.cpuModel(), m.cores(), m.javaVersion(), m.blas(),
        c.explicit());
  }
}
