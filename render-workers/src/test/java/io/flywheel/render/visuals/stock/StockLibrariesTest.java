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

class StockLibrariesTest {
    @TempDir Path dir;

    private static StockPhoto photo(String id, int w, int h) {
        return new StockPhoto(
                id, "a", "", "", "https://x/" + id, w, h, "https://x/" + id + "?dpr=2");
    }

    @Test
    void thePhotoThatCoversTheFrameWithTheClosestShapeIsChosenElseTheLargest() {
        List<StockPhoto> photos =
                List.of(
                        photo("wide", 6000, 4000),
                        photo("tall", 3000, 5000),
                        photo("small", 600, 1000));
        assertThat(StockSceneImages.choose(photos, 1188, 2112).id()).isEqualTo("tall");
        assertThat(StockSceneImages.choose(photos, 2112, 1188).id()).isEqualTo("wide");
        assertThat(StockSceneImages.choose(photos, 7000, 9000).id()).isEqualTo("wide");
    }

    @Test
    void pexelsLarge2xIsFetchedOnlyWhenItsStatedSizeCoversTheFrame() {
        StockPhoto landscape = photo("l", 6000, 4000); // large2x: 1880x1253
        assertThat(PexelsLibrary.fileFor(landscape, 1188, 792)).endsWith("?dpr=2");
        assertThat(PexelsLibrary.fileFor(landscape, 2112, 1188)).isEqualTo("https://x/l");
        StockPhoto portrait = photo("p", 3000, 5000); // large2x: 780x1300
        assertThat(PexelsLibrary.fileFor(portrait, 1188, 2112)).isEqualTo("https://x/p");
    }

    @Test
    void pixabayStatesTheSizeOfItsLargeImageAndKeepsItsKeyOutOfErrors() throws Exception {
        Path jpeg = Files.write(dir.resolve("p.jpg"), new byte[] {1});
        try (FakeStock stock = new FakeStock().photo("p.jpg", jpeg, 4000, 6000)) {
            PixabayLibrary ok =
                    new PixabayLibrary(
                            stock.url(), Secret.of(FakeStock.PIXABAY_KEY), Duration.ofSeconds(5));
            StockPhoto p = ok.search("coffee budget", true, false).get(0);
            assertThat(p.width()).isEqualTo(853);
            assertThat(p.height()).isEqualTo(1280);
            assertThat(p.author()).isEqualTo("Josch13");
            assertThat(stock.queries).containsExactly("pixabay:coffee budget");
            // A second search for the same words is answered from the day's cache.
            ok.search("coffee budget", true, false);
            assertThat(stock.pixabaySearches).hasValue(1);

            PixabayLibrary wrongKey =
                    new PixabayLibrary(
                            stock.url(), Secret.of("wrong-secret-key"), Duration.ofSeconds(5));
            assertThatThrownBy(() -> wrongKey.search("coffee", true, false))
                    .isInstanceOfSatisfying(
                            ProviderException.class,
                            e -> {
                                assertThat(e.errorClass()).isEqualTo("http_400");
                                assertThat(e.retryable()).isFalse();
                                assertThat(e.getMessage()).doesNotContain("wrong-secret-key");
                            });
        }
    }
}
