package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  private static EpochRecord mgritEpoch(int epoch, double epochSeconds) {
    return new EpochRecord(1, 16, epoch, 20L * epoch, 0.23456, 0.9123, 0.25, 0.905,
        100 + epoch, epochSeconds, 2.0, 1.5, 3.2e-5, 4200);
  }

  private static EpochRecord serialEpoch() {
    return new EpochRecord(0, 8, 1, 10, 1.5, 0.4, 1.6, 0.38, 2, 2, 0, 0, Double.NaN, 950);
  }

  private static Map<String, Object> metrics() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("validationAccuracy", 0.98);
    m.put("seconds", 12.5);
    m.put("perLevel", List.of(Map.of("depth", 4)));
    return m;
  }

  @Test
  void factoryPicksImplementationByModeIgnoringCase() {
    assertInstanceOf(ConsoleProgress.class, Progress.forMode("console", out));
    assertInstanceOf(QuietProgress.class, Progress.forMode("Quiet", out));
    assertInstanceOf(JsonLinesProgress.class, Progress.forMode(" json ", out));
  }

  @Test
  void unknownModeNamesTheValueAndTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Progress.forMode("verbose", out));
    assertTrue(e.getMessage().contains("'verbose'"), e.getMessage());
    for (String m : Progress.MODES) assertTrue(e.getMessage().contains(m), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Progress.forMode(null, out));
  }

  @Test
  void consoleEpochLineHasEverythingAndTimeLeftFromMeanEpochTime() {
    Progress p = new ConsoleProgress(out);
    p.runStarted("train peaks", 3);
    p.levelStarted(1, 16, 10);
    p.epoch(mgritEpoch(1, 10), 10, 1);
    p.epoch(mgritEpoch(2, 20), 10, 1);
    List<String> l = lines();
    assertEquals("train peaks (3 levels)", l.get(0));
    assertEquals("level 2/3: depth N=16, up to 10 epochs", l.get(1));
    String line = l.get(3);
    // Mean epoch time (10 + 20) / 2 = 15 s, 8 epochs left: 120 s.
    assertEquals("level 2/3 N=16  epoch 2/10  loss 0.2346  train 91.2%  val 90.5%"
        + "  mgrit 2.000/1.500 res 3.20e-05  4.2k ex/s  level left ~2m00s (+1 level)", line);
  }

  @Test
  void consoleEstimateRestartsWhenTheLevelChanges() {
    Progress p = new ConsoleProgress(out);
    p.epoch(new EpochRecord(0, 4, 1, 1, 1, 0.5, 1, 0.5, 100, 100, 0, 0, Double.NaN, 1), 2, 1);
    // Level 1 without a levelStarted call: its own 3 s epochs must drive the estimate.
    p.epoch(new EpochRecord(1, 8, 1, 2, 1, 0.5, 1, 0.5, 103, 3, 0, 0, Double.NaN, 1), 5, 0);
    assertTrue(lines().get(1).endsWith("level left ~12.0s"), lines().get(1));
  }

  @Test
  void consoleSerialEpochOmitsMgrit() {
    new ConsoleProgress(out).epoch(serialEpoch(), 5, 0);
    String line = lines().get(0);
    assertFalse(line.contains("mgrit"), line);
    assertTrue(line.contains("950 ex/s") && line.contains("level left ~8.0s"), line);
  }

  @Test
  void consoleShowsMessagesIterationsErrorsAndSummary() {
    Progress p = new ConsoleProgress(out);
    p.message("loading Peaks");
    p.mgritIteration("forward", 3, 1.234e-7);
    p.error("disk full");
    p.runFinished(metrics());
    assertEquals(List.of("loading Peaks", "  mgrit forward  iteration 3  residual 1.23e-07",
        "ERROR: disk full", "finished", "  validationAccuracy: 0.9800", "  seconds: 12.50",
        "  perLevel: [{\"depth\":4}]"), lines());
  }

  @Test
  void quietPrintsOnlyErrorsAndOneSummaryLine() {
    Progress p = new QuietProgress(out);
    p.runStarted("x", 2);
    p.levelStarted(0, 4, 3);
    p.epoch(serialEpoch(), 3, 1);
    p.message("hello");
    p.mgritIteration("forward", 1, 0.1);
    assertEquals(List.of(), lines());
    p.error("bad input");
    p.runFinished(metrics());
    assertEquals(List.of("ERROR: bad input", "finished: validationAccuracy=0.9800 seconds=12.50"),
        lines());
  }

  @Test
  void jsonModeWritesOneParsableObjectPerEvent() throws Exception {
    Clock fixed = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    Progress p = new JsonLinesProgress(out, fixed);
    p.runStarted("train \"peaks\"", 3);
    p.levelStarted(0, 8, 5);
    p.epoch(serialEpoch(), 5, 2);
    p.message("line\nbreak");
    p.mgritIteration("backward", 2, 0.5);
    p.error("oops");
    p.runFinished(metrics());

    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines()) events.add(mapper.readTree(line));
    assertEquals(7, events.size(), "a newline inside a message must stay escaped");
    List<String> names = events.stream().map(n -> n.get("event").textValue()).toList();
    assertEquals(List.of("runStarted", "levelStarted", "epoch", "message", "mgritIteration",
        "error", "runFinished"), names);
    for (JsonNode n : events) assertEquals("2025-01-02T03:04:05Z", n.get("time").textValue());

    assertEquals("train \"peaks\"", events.get(0).get("description").textValue());
    assertEquals(3, events.get(0).get("totalLevels").intValue());
    JsonNode epoch = events.get(2);
    assertEquals(8, epoch.get("depth").intValue());
    assertEquals(0.38, epoch.get("validationAccuracy").doubleValue());
    assertTrue(epoch.get("mgritResidual").isNull(), "NaN must become null, not a bare NaN");
    assertEquals(2, epoch.get("levelsLeft").intValue());
    assertEquals(8.0, epoch.get("levelSecondsLeft").doubleValue());
    assertEquals("line\nbreak", events.get(3).get("message").textValue());
    assertEquals(0.5, events.get(4).get("residual").doubleValue());
    assertEquals(4, events.get(6).get("metrics").get("perLevel").get(0).get("depth").intValue());
  }
}
