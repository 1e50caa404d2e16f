package io.flywheel.render.visuals.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import io.flywheel.render.pipeline.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StockClipsTest {
    @TempDir Path dir;

    private static StockClip.File file(int w, int h) {
        return new StockClip.File("https://x/" + w + "x" + h, w, h, 0);
    }

    private static StockClip clip(String id, StockClip.File... files) {
        return new StockClip(id, "a", "", "", 10, List.of(files));
    }

    @Test
    void theSmallestFileOfTheFramesOrientationThatCoversItIsChosen() {
        StockClip pexels =
                clip(
                        "1",
                        file(2160, 3840),
                        file(1080, 1920),
                        file(720, 1280),
                        file(1920, 1080),
                        file(540, 960));
        assertThat(StockSceneClips.choose(List.of(pexels), 1080, 1920, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(file(1080, 1920)));
        assertThat(StockSceneClips.choose(List.of(pexels), 720, 1280, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(file(720, 1280)));
        // Wide frame: the one landscape file, though smaller than the portrait ones.
        assertThat(StockSceneClips.choose(List.of(pexels), 1280, 720, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(file(1920, 1080)));
        // Nothing covers the frame: the largest of its orientation, scaled up.
        assertThat(StockSceneClips.choose(List.of(pexels), 4320, 7680, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(file(2160, 3840)));
    }

    @Test
    void aLaterVideoWithAFileOfTheFramesShapeWinsAndFilesOverTheCapAreLeftOut() {
        StockClip wideOnly = clip("wide", file(1920, 1080), file(1280, 720));
        StockClip tall = clip("tall", file(1080, 1920));
        assertThat(StockSceneClips.choose(List.of(wideOnly, tall), 1080, 1920, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.clip().id()).isEqualTo("tall"));
        // Of landscape files only: the smallest that covers a portrait frame's height.
        assertThat(StockSceneClips.choose(List.of(wideOnly), 360, 640, Long.MAX_VALUE))
                .hasValueSatisfying(c -> assertThat(c.file()).isEqualTo(file(1280, 720)));
        StockClip heavy = clip("heavy", new StockClip.File("https://x/h", 1080, 1920, 90_000_000));
        assertThat(StockSceneClips.choose(List.of(heavy), 1080, 1920, 50_000_000)).isEmpty();
    }

    @Test
    void aDownloadOverTheCapFailsAndLeavesNothing() throws Exception {
        Path big = Files.write(dir.resolve("big.mp4"), new byte[300_000]);
        try (FakeStock stock = new FakeStock().video("big.mp4", big, 360, 640)) {
            PexelsVideoLibrary pexels =
                    new PexelsVideoLibrary(
                            stock.url(), Secret.of(FakeStock.PEXELS_KEY), Duration.ofSeconds(5));
            StockClip found = pexels.search("coins", 360, 640).get(0);
            StockClip.File served =
                    found.files().stream()
                            .filter(f -> f.url().endsWith("/big.mp4"))
                            .findFirst()
                            .orElseThrow();
            Path cache = Files.createDirectories(dir.resolve("cache"));
            assertThatThrownBy(
                            () ->
                                    pexels.download(
                                            served,
                                            cache.resolve("x.mp4"),
                                            100_000,
                                            Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            e -> assertThat(e.errorClass()).isEqualTo("too_large"));
            try (var left = Files.list(cache)) {
                assertThat(left.toList()).isEmpty();
            }
            pexels.download(served, cache.resolve("x.mp4"), 1_000_000, Duration.ofSeconds(10));
            assertThat(Files.size(cache.resolve("x.mp4"))).isEqualTo(300_000);
            // The answer's six files: five MP4s with a size, the HLS one without is left out.
            assertThat(found.files()).hasSize(5);
            assertThat(found.author()).isEqualTo("Ana Silva");
        }
    }
}
