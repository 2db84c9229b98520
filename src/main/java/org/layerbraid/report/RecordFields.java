package org.layerbraid.report;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record's components by name, in declaration order: what a CSV row, a JSON object or a model's
 * info holds of it, so that the columns and keys cannot drift from the record.
 */
public final class RecordFields {
  private RecordFields() {}

  public static Map<String, Object> of(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        c.getAccessor().setAccessible(true);
        m.put(c.getName(), c.getAccessor().invoke(r));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
      }
    }
    return m;
  }
}
