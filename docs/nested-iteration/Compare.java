import java.nio.file.*;
import java.util.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerbraid.report.*;

/** java Compare.java OUTPREFIX FINALDEPTH label=dir ... : validation accuracy vs wall time and vs work; table of times to thresholds. */
public class Compare {
  public static void main(String[] a) throws Exception {
    String prefix = a[0];
    int fin = Integer.parseInt(a[1]);
    Map<String, double[][]> byTime = new LinkedHashMap<>();
    XYChart work = new XYChartBuilder().width(900).height(600).title("Validation accuracy vs work")
        .xAxisTitle("work (epochs of the " + fin + "-layer network)").yAxisTitle("validation accuracy (%)").build();
    work.getStyler().setYAxisMin(50.0).setYAxisMax(100.0);
    if (System.getProperty("workMax") != null) work.getStyler().setXAxisMax(Double.parseDouble(System.getProperty("workMax")));
    System.out.println("| run | val>=90%: s / work | val>=95%: s / work | best val | total s / work |");
    System.out.println("|---|---|---|---|---|");
    for (int i = 2; i < a.length; i++) {
      String label = a[i].substring(0, a[i].indexOf('='));
      List<EpochRecord> rs = EpochsCsv.read(Path.of(a[i].substring(a[i].indexOf('=') + 1), "epochs.csv"));
      int n = rs.size();
      double[] t = new double[n], w = new double[n], acc = new double[n], pct = new double[n];
      double cum = 0, best = 0;
      String[] hit = {"–", "–"};
      double[] thr = {0.90, 0.95};
      for (int k = 0; k < n; k++) {
        EpochRecord r = rs.get(k);
        cum += (double) r.depth() / fin;
        t[k] = r.elapsedSeconds();
        w[k] = cum;
        acc[k] = r.validationAccuracy();
        pct[k] = 100 * acc[k];
        best = Math.max(best, acc[k]);
        for (int j = 0; j < 2; j++) {
          if (hit[j].equals("–") && acc[k] >= thr[j]) hit[j] = String.format(Locale.ROOT, "%.1f s / %.0f", t[k], w[k]);
        }
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f %% | %.1f s / %.0f |%n", label, hit[0], hit[1], 100 * best, t[n - 1], w[n - 1]);
      byTime.put(label, new double[][] {t, acc});
      XYSeries s = work.addSeries(label, w, pct);
      s.setMarker(SeriesMarkers.NONE);
    }
    Charts.accuracyVsTime(byTime, Path.of(prefix + "-time.png"));
    BitmapEncoder.saveBitmap(work, prefix + "-work", BitmapEncoder.BitmapFormat.PNG);
  }
}
