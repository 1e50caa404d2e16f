package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {
    @Test
    void composesEveryVariantForWideAndTallFrames() {
        for (BufferedImage frame :
                new BufferedImage[] {
                    new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB),
                    new BufferedImage(360, 640, BufferedImage.TYPE_INT_RGB)
                }) {
            for (int v = 1; v <= 3; v++) {
                for (int[] size : new int[][] {{1280, 720}, {1080, 1920}}) {
                    BufferedImage img =
                            Thumbnails.compose(
                                    frame,
                                    "Stop Getting Cooking Wrong: 你好 🔥",
                                    v,
                                    Thumbnails.STYLES.get(v - 1),
                                    size[0],
                                    size[1]);
                    assertThat(img.getWidth()).isEqualTo(size[0]);
                    assertThat(img.getHeight()).isEqualTo(size[1]);
                }
            }
        }
    }
}
