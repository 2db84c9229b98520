package org.layerbraid.study;

import org.layerbraid.data.DataSpec;
import org.layerbraid.train.ModelSpec;
import org.layerbraid.train.NestedSettings;
import org.layerbraid.train.PropagationSpec;
import org.layerbraid.train.TrainingSettings;

/**
 * The typed settings of one sweep case at one seed: what a {@code train} run with that
 * configuration would use. The nested-iteration arm trains with them as they are; the random start
 * trains the same final network without the schedule.
 */
public record StudyCase(DataSpec data, int partitions, ModelSpec model, PropagationSpec propagation,
    TrainingSettings training, NestedSettings nested) {

  public StudyCase {
    if (!nested.enabled()) {
      throw new IllegalArgumentException("a nested-iteration study needs nested.levels > 1 (the base configuration"
          + " and every sweep case); got " + nested.levels());
    }
  }
}
