import org.apache.hadoop.conf.Configuration;
import org.layerbraid.data.Examples;
import org.layerbraid.data.Peaks;
import org.layerbraid.model.BatchEvaluation;
import org.layerbraid.model.ModelFiles;
import org.layerbraid.model.SerialPropagation;

/** Whole-grid Peaks accuracy of saved models: java Grid.java DIR... */
public class Grid {
  public static void main(String[] args) throws Exception {
    Examples grid = Peaks.grid();
    for (String dir : args) {
      ModelFiles.Loaded m = ModelFiles.load(dir, new Configuration());
      int[] p = BatchEvaluation.predict(m.network(), new SerialPropagation(), grid);
      int c = 0;
      for (int i = 0; i < p.length; i++) if (p[i] == grid.label(i)) c++;
      System.out.printf("%s N=%d grid %.4f%n", dir, m.shape().depth(), (double) c / p.length);
    }
  }
}
