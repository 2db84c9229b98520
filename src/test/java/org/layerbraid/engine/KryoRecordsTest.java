package org.layerbraid.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbraid.resnet.ResNetForwardStepper;
import org.layerbraid.resnet.CoarseWeights;
import org.layerbraid.mgrit.Level;
import org.layerbraid.mgrit.MgritOptions;
import org.layerbraid.model.Activation;
import org.layerbraid.model.BiasMode;
import org.layerbraid.model.Initialization;
import org.layerbraid.model.NetworkShape;
import org.layerbraid.model.Regularization;
import org.layerbraid.model.ResNet;
import scala.reflect.ClassTag$;

/** Under {@code spark.serializer=Kryo} with {@link KryoRecords}, the Spark engine trains as it does under Java serialization. */
class KryoRecordsTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("KryoRecordsTest").set("spark.ui.enabled", "false")
        .set("spark.serializer", KryoSerializer.class.getName());
    sc = new JavaSparkContext(KryoRecords.addTo(conf));
    sc.setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @Test
  void addToAppendsOnlyUnderKryoAndOnlyOnce() {
    SparkConf java = new SparkConf(false);
    assertFalse(KryoRecords.missingFrom(java));
    assertFalse(KryoRecords.addTo(java).contains(KryoRecords.KEY));
    SparkConf kryo = new SparkConf(false).set("spark.serializer", KryoSerializer.class.getName())
        .set(KryoRecords.KEY, "com.example.Mine");
    assertTrue(KryoRecords.missingFrom(kryo));
    String expected = "com.example.Mine," + KryoRecords.class.getName();
    assertEquals(expected, KryoRecords.addTo(kryo).get(KryoRecords.KEY));
    assertEquals(expected, KryoRecords.addTo(kryo).get(KryoRecords.KEY));
    assertFalse(KryoRecords.missingFrom(kryo));
  }

  @Test
  void recordsRoundTripThroughSparksKryo() {
    SerializerInstance kryo = new KryoSerializer(sc.getConf()).newInstance();
    NetworkShape shape = new NetworkShape(3, 4, 8, 3, 1.0, Activation.TANH, BiasMode.CHANNEL);
    ResNet net = new ResNet(shape, new Initialization(1, 1, 1, 5).draw(shape));
    ResNetForwardStepper back = roundTrip(kryo, new ResNetForwardStepper(net, CoarseWeights.MEAN));
    assertEquals(shape, back.net().shape());
    assertArrayEquals(net.parameters(), back.net().parameters(), 0.0);
    MgritOptions o = new MgritOptions(4, new int[] {2, 3}, new int[] {1, 0}, 2, 1e-9, 0, 7, true, false);
    MgritOptions ob = roundTrip(kryo, o);
    assertArrayEquals(o.cfactors(), ob.cfactors());
    assertArrayEquals(o.nrelax(), ob.nrelax());
    assertEquals(o.maxIter(), ob.maxIter());
    Level level = new Level(1, 17, 2, 2, 32, 0.0, 1.0);
    assertEquals(level, roundTrip(kryo, level));
    Regularization r = new Regularization(1e-7, 1e-5, 0, true);
    assertEquals(r, roundTrip(kryo, r));
  }

  @Test
  void sparkEngineTrainingUnderKryoEqualsTheInJvmEngine() {
    SparkEngineTest.assertShortTrainingEqualsTheInJvmEngine(
        (partitions, shards, width) -> SparkEngines.factory(sc, partitions, shards, width, 10), 4, 2);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(SerializerInstance kryo, T value) {
    ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
    return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
  }
}
