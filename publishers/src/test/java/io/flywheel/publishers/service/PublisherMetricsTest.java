package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.metrics.ProcessMetrics;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.sandbox.SandboxPlatform;
import io.flywheel.schemas.Platform;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher's meters, with the sandbox's real quota files. */
class PublisherMetricsTest {
    @TempDir Path dir;

    @Test
    void quotaUsedAndLeftAreTodaysAndUploadsFailuresAndDeferralsAreCounted() throws Exception {
        SandboxPlatform sandbox =
                new SandboxPlatform(
                        dir, Map.of(Platform.TIKTOK, new PlatformAdapter.Limits(600, 10)));
        long now = Instant.parse("2026-03-04T10:00:00Z").toEpochMilli();
        Path counter = dir.resolve("quota/TIKTOK/2026-03-04");
        Files.createDirectories(counter.getParent());
        Files.writeString(counter, "3");
        Files.createDirectories(dir.resolve("quota/TIKTOK"));
        Files.writeString(dir.resolve("quota/TIKTOK/2026-03-03"), "9");

        PrometheusMeterRegistry r = ProcessMetrics.registry();
        PublisherMetrics m = new PublisherMetrics(r, sandbox, () -> now);
        m.uploaded(Platform.TIKTOK, Duration.ofMillis(250));
        m.deferred(Platform.TIKTOK);
        m.failed(PublisherMetrics.Failure.REFUSED);

        assertThat(r.scrape())
                .contains(
                        "flywheel_publisher_quota_used{adapter=\"sandbox\",platform=\"TIKTOK\"} 3.0")
                .contains(
                        "flywheel_publisher_quota_left{adapter=\"sandbox\",platform=\"TIKTOK\"} 7.0")
                .contains(
                        "flywheel_publisher_uploads_total{adapter=\"sandbox\",platform=\"TIKTOK\"} 1.0")
                .contains(
                        "flywheel_publisher_upload_seconds_sum{adapter=\"sandbox\",platform=\"TIKTOK\"} 0.25")
                .contains(
                        "flywheel_publisher_deferred_total{adapter=\"sandbox\",platform=\"TIKTOK\"} 1.0")
                .contains(
                        "flywheel_publisher_failures_total{adapter=\"sandbox\",reason=\"refused\"} 1.0")
                .contains(
                        "flywheel_publisher_failures_total{adapter=\"sandbox\",reason=\"no_job\"} 0.0")
                // Platforms the adapter cannot publish to have no quota series.
                .doesNotContain("platform=\"YOUTUBE_SHORTS\"");
    }
}
