package org.layerbraid.engine;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo serializer carry records (the steppers, levels and shapes the engines send). The
 * Kryo that Spark ships fills fields through {@code Unsafe} or reflection, both of which the JVM
 * refuses for record fields, so a record is written component by component and rebuilt through its
 * canonical constructor. The command-line tools add this registrator themselves whenever
 * {@code spark.serializer} is Kryo ({@link #addTo}); a session built elsewhere (a notebook, an
 * application of its own) names it in {@code spark.kryo.registrator}.
 */
public final class KryoRecords implements KryoRegistrator {
  public static final String KEY = "spark.kryo.registrator";

  @Override
  public void registerClasses(Kryo kryo) {
    kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
  }

  /** True when {@code conf} makes Spark use Kryo. */
  public static boolean usesKryo(SparkConf conf) {
    return conf.get("spark.serializer", "").endsWith("KryoSerializer");
  }

  /** True when Kryo is in use without this registrator, which the Spark engine cannot run with. */
  public static boolean missingFrom(SparkConf conf) {
    return usesKryo(conf) && Arrays.stream(conf.get(KEY, "").split(",")).map(String::trim)
        .noneMatch(KryoRecords.class.getName()::equals);
  }

  /** Appends this registrator to {@code spark.kryo.registrator} when Kryo is in use and it is not there yet. */
  public static SparkConf addTo(SparkConf conf) {
    if (missingFrom(conf)) {
      String others = conf.get(KEY, "").trim();
      conf.set(KEY, others.isEmpty() ? KryoRecords.class.getName() : others + "," + KryoRecords.class.getName());
    }
    return conf;
  }

  /** Writes the components in declaration order; reads them back into the canonical constructor. */
  public static final class RecordSerializer<T extends Record> extends Serializer<T> {
    private final Method[] accessors;
    private final Constructor<T> constructor;

    public RecordSerializer(Class<T> type) {
      RecordComponent[] components = type.getRecordComponents();
      accessors = new Method[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = components[i].getAccessor();
        accessors[i].setAccessible(true);
        types[i] = components[i].getType();
      }
      try {
        constructor = type.getDeclaredConstructor(types);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
      }
      constructor.setAccessible(true);
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
      try {
        for (Method accessor : accessors) kryo.writeClassAndObject(output, accessor.invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read the components of " + record.getClass().getName(), e);
      }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<T> type) {
      Object[] values = new Object[accessors.length];
      for (int i = 0; i < values.length; i++) values[i] = kryo.readClassAndObject(input);
      try {
        return constructor.newInstance(values);
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot rebuild " + type.getName() + " from its components", e);
      }
    }
  }
}
