package io.flywheel.render;

import static io.flywheel.render.StockRenders.fallbacks;
import static io.flywheel.render.StockRenders.images;
import static io.flywheel.render.StockRenders.keys;
import static io.flywheel.render.StockRenders.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.evidence.Receipts;
import io.flywheel.render.visuals.stock.FakeStock;
import io.flywheel.store.AssetEvidence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock photos through the real Pexels and Pixabay clients against a local server speaking their
 * protocol, serving a real JPEG made by ffmpeg: downloaded into the job, recorded with their
 * licence and attribution; a library that fails costs only its photos, which the procedural
 * pictures replace, with a metric.
 */
class StockVisualsTest {
    @TempDir Path data;

    @Test
    void pexelsPhotosAreDownloadedAndRecordedWithTheirLicenceAndPhotographer() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config = TestJobs.config(data, keys(stock));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.photo("pexels-417173.jpeg", StockRenders.photo(providers, data), 480, 800);

            RenderResult r = render(providers, config, new RecordedEvents());

            List<AssetEvidence> images = images(r);
            assertThat(images).isNotEmpty();
            Path media = RenderSetup.mediaRoot(config);
            for (AssetEvidence e : images) {
                assertThat(e.provider()).isEqualTo("pexels");
                assertThat(e.version()).isEqualTo("Pexels API v1");
                assertThat(e.licence()).isEqualTo("LicenseRef-Pexels");
                assertThat(e.source())
                        .contains("photo 417173")
                        .contains("Jane Doe")
                        .contains("https://www.pexels.com/@jane-doe")
                        .contains("https://www.pexels.com/photo/mountain-417173/")
                        .contains("Pexels License");
                assertThat(e.missing()).isEmpty();
            }
            // The key went in the Authorization header of every search, and nowhere in the
            // evidence.
            assertThat(stock.pexelsAuthorizations).containsOnly(FakeStock.PEXELS_KEY);
            assertThat(r.evidence().toString()).doesNotContain(FakeStock.PEXELS_KEY);
            assertThat(stock.queries).allMatch(q -> q.startsWith("pexels:") && !q.isBlank());
            // Downloaded, not linked: each picture in the job is a file whose receipt is its hash.
            assertThat(stock.downloads).isNotEmpty();
            try (var files = Files.walk(media)) {
                List<Path> scenes =
                        files.filter(f -> f.getFileName().toString().matches("scene-\\d+\\.jpg"))
                                .toList();
                assertThat(scenes).hasSameSizeAs(images);
                for (Path f : scenes) {
                    assertThat(images.stream().map(AssetEvidence::receiptId))
                            .contains(Receipts.of(f));
                }
            }
            assertThat(stock.pixabaySearches).hasValue(0);
        }
    }

    @Test
    void aLatePexelsFallsBackToPixabayWhoseLicenceIsRecorded() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config = TestJobs.config(data, StockRenders.keysForLateAnswers(stock));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.photo("flower-195893.jpg", StockRenders.photo(providers, data), 4000, 6000)
                    .pexelsLate(StockRenders.LATE_MS);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            RenderResult r = render(providers, config, new RecordedEvents(), registry);

            for (AssetEvidence e : images(r)) {
                assertThat(e.provider()).isEqualTo("pixabay");
                assertThat(e.licence()).isEqualTo("LicenseRef-Pixabay");
                assertThat(e.source())
                        .contains("photo 195893")
                        .contains("Josch13")
                        .contains("https://pixabay.com/users/Josch13-48777/")
                        .contains("https://pixabay.com/en/blossom-bloom-flower-195893/")
                        .contains("Pixabay Content License");
            }
            assertThat(fallbacks(registry, "pexels", "timeout")).isEqualTo(images(r).size());
        }
    }

    @Test
    void whenBothLibrariesFailTheProceduralPicturesAreUsedAndNothingIsLost() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config = TestJobs.config(data, keys(stock));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.photo("x.jpg", StockRenders.photo(providers, data), 480, 800)
                    .pexelsAnswers(429)
                    .pixabayAnswers(503);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RecordedEvents events = new RecordedEvents();

            RenderResult r = render(providers, config, events, registry);

            assertThat(r.renditions()).hasSize(1);
            assertThat(images(r))
                    .isNotEmpty()
                    .allSatisfy(
                            e -> {
                                assertThat(e.provider()).isEqualTo("procedural");
                                assertThat(e.licence()).isEqualTo("LicenseRef-Flywheel-generated");
                            });
            int pictures = images(r).size();
            assertThat(fallbacks(registry, "pexels", "http_429")).isEqualTo(pictures);
            assertThat(fallbacks(registry, "pixabay", "http_5xx")).isEqualTo(pictures);
            // The visuals stage itself succeeded at its first attempt: no failure, no retry.
            assertThat(events.lines).noneMatch(l -> l.startsWith("failed"));
            assertThat(stock.downloads).isEmpty();
        }
    }
}
