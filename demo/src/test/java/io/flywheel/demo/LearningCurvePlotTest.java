package io.flywheel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvePlotTest {
    @TempDir Path dir;

    @Test
    void drawsTheCurveAndTheRandomLineOnA900x540Png() throws Exception {
        Path out = dir.resolve("demo/learning-curve.png");

        LearningCurvePlot.write(
                Optional.empty(), List.of(41.0, 63.0, 88.0), 35.0, "Learning curve", out);

        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(540);
        // The chosen arms' line (blue) and the uniform random line (red) are both drawn.
        assertThat(pixels(img, 0x3b6ea8)).isGreaterThan(500);
        assertThat(pixels(img, 0xc05040)).isGreaterThan(300);
    }

    @Test
    void aSingleCycleIsAPointAboveTheRandomLine() throws Exception {
        Path out = dir.resolve("one.png");

        LearningCurvePlot.write(Optional.empty(), List.of(120.0), 50.0, "One cycle", out);

        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(pixels(img, 0x3b6ea8)).isGreaterThan(20);
    }

    @Test
    void theSimulatedHistoryIsItsOwnPointAtCycleZero() throws Exception {
        Path with = dir.resolve("history.png");
        Path without = dir.resolve("no-history.png");

        LearningCurvePlot.write(Optional.of(36.0), List.of(58.0, 66.0, 71.0), 35.0, "H", with);
        LearningCurvePlot.write(Optional.empty(), List.of(58.0, 66.0, 71.0), 35.0, "H", without);

        BufferedImage img = ImageIO.read(with.toFile());
        assertThat(pixels(img, 0x8a8a3a)).isGreaterThan(20);
        assertThat(pixels(ImageIO.read(without.toFile()), 0x8a8a3a)).isZero();
        assertThat(pixels(img, 0x3b6ea8)).isGreaterThan(500);
    }

    private static int pixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
