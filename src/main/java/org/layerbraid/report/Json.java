package org.layerbraid.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The one JSON dialect of the report files and progress events. */
public final class Json {
  private Json() {}

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new SimpleModule("non-finite-as-null")
          .addSerializer(Double.class, new NonFiniteAsNull<>())
          .addSerializer(double.class, new NonFiniteAsNull<>())
          .addSerializer(Float.class, new NonFiniteAsNull<>())
          .addSerializer(float.class, new NonFiniteAsNull<>()));

  /** Single-line JSON, for one event per line. */
  static String compact(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON ending in a newline, for files people open. */
  public static byte[] pretty(Object value) {
    try {
      byte[] body = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
      byte[] out = Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a JSON object file into nested maps, lists, strings, numbers and nulls. */
  static Map<String, Object> readObject(Path file) {
    try {
      return MAPPER.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JSON object from " + file, e);
    }
  }

  /**
   * Strict JSON has no NaN or infinity, and Jackson's default (the string "NaN") turns a number
   * field into a string that breaks typed readers (Python's json, pandas, Airflow XCom). A
   * missing value is what NaN means here (e.g. no MGRIT residual in a serial run), so null.
   */
  private static final class NonFiniteAsNull<T extends Number> extends JsonSerializer<T> {
    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      double d = value.doubleValue();
      if (Double.isFinite(d)) {
        if (value instanceof Float f) gen.writeNumber(f);
        else gen.writeNumber(d);
      } else {
        gen.writeNull();
      }
    }
  }
}
