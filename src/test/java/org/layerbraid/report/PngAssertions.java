package org.layerbraid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Decodes a PNG (a file or bytes) and checks that it is a real picture, not an empty canvas. */
final class PngAssertions {
  private PngAssertions() {}

  static BufferedImage assertPicture(Path png, int width, int height) throws IOException {
    return assertPicture(Files.readAllBytes(png), png.toString(), width, height);
  }

  /** The same for PNG bytes held in memory; {@code name} says which in messages. */
  static BufferedImage assertPicture(byte[] bytes, String name, int width, int height) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    assertNotNull(img, "not a decodable image: " + name);
    assertEquals(width, img.getWidth(), "width of " + name);
    assertEquals(height, img.getHeight(), "height of " + name);
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (rgb != 0xFFFFFF) nonWhite++;
      }
    }
    // Text, axes and at least one coloured series: many colours once anti-aliased.
    assertTrue(colours.size() > 20, "only " + colours.size() + " colours in " + name);
    assertTrue(nonWhite > 0.01 * img.getWidth() * img.getHeight(),
        "almost blank: " + nonWhite + " non-white pixels in " + name);
    return img;
  }

  /** Pixels at least this colourful exist: a series in palette colour {@code rgb} was drawn. */
  static long countColour(BufferedImage img, int rgb) {
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) n++;
      }
    }
    return n;
  }
}
