package org.layerbraid.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlocksTest {

  private static Examples counting(int n) {
    double[] x = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 2;
    }
    return new Examples(1, 2, x, y);
  }

  @Test
  void splitIsContiguousAndBalanced() {
    List<Examples> parts = Blocks.split(counting(10), 4);
    // ⌈b·10/4⌉ for b = 0..4: 0, 3, 5, 8, 10
    assertEquals(List.of(3, 2, 3, 2), parts.stream().map(Examples::size).toList());
    assertEquals(3.0, parts.get(1).feature(0, 0));
    assertEquals(8.0, parts.get(3).feature(0, 0));
    for (int i = 0; i < 10; i++) {
      int b = Blocks.blockOf(i, 4, 10);
      assertTrue(Blocks.start(b, 4, 10) <= i && i < Blocks.start(b + 1, 4, 10));
    }
  }

  @Test
  void concatUndoesSplit() {
    Examples all = counting(7);
    Examples back = Blocks.concat(Blocks.split(all, 3));
    assertArrayEquals(all.features(), back.features());
    assertArrayEquals(all.labels(), back.labels());
  }

  @Test
  void moreBlocksThanExamplesIsAnError() {
    DataException e = assertThrows(DataException.class, () -> Blocks.split(counting(3), 4));
    assertTrue(e.getMessage().contains("3 examples cannot fill 4 blocks"), e.getMessage());
  }
}
