package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.JobStatus;
import io.flywheel.store.PublicationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox publisher on the real broker and PostgreSQL. */
class PublishServiceTest {
    /** 2026-11-21T10:00Z in simulated time. */
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    @TempDir Path dir;
    private static PublisherTestBed bed;

    @BeforeAll
    static void setUp() {
        bed = PublisherTestBed.open("publish");
    }

    @AfterAll
    static void tearDown() throws Exception {
        bed.close();
    }

    @BeforeEach
    void in() {
        bed.in(dir);
    }

    @AfterEach
    void close() throws Exception {
        bed.closeTestResources();
    }

    @Test
    void aRenderedVideoIsUploadedOnceAtItsPostingHourEvenWhenReplayed() throws Exception {
        String prefix = bed.prefix();
        VideoRendered v = bed.rendered(bed.job(Platform.TIKTOK, 21, 30));
        v.setTitle("Tres trucos de cocina");
        v.setHashtags(List.of("#cocina", "#recetas"));
        bed.send(prefix, v);
        bed.send(prefix, v); // a replay, as after a crash before the offset commit

        PublishService s =
                bed.sandboxService(
                        prefix,
                        Map.of(Platform.TIKTOK, new PlatformAdapter.Limits(600, 100)),
                        NOW,
                        null);
        for (int i = 0; i < 50 && s.published() < 1; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }

        List<VideoPublished> events = bed.read(prefix, 2);
        assertThat(events).hasSize(2);
        assertThat(events)
                .extracting(e -> e.getEnvelope().getEventId())
                .containsOnly(events.get(0).getEnvelope().getEventId());
        VideoPublished e = events.get(0);
        assertThat(Instant.ofEpochMilli(e.getPublishedAt()).atZone(ZoneOffset.UTC).getHour())
                .isEqualTo(21);
        assertThat(e.getPublishedAt())
                .isEqualTo(Instant.parse("2026-11-21T21:00:00Z").toEpochMilli());
        assertThat(dir.resolve("sandbox/TIKTOK/" + e.getPlatformVideoId() + ".mp4")).exists();
        // The post goes out with the video's title and hashtags, as the sandbox recorded it.
        com.fasterxml.jackson.databind.JsonNode post =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                dir.resolve(
                                                "sandbox/TIKTOK/"
                                                        + e.getPlatformVideoId()
                                                        + ".post.json")
                                        .toFile());
        assertThat(post.path("title").asText()).isEqualTo("Tres trucos de cocina");
        assertThat(post.path("description").asText())
                .isEqualTo("Tres trucos de cocina\n\n#cocina #recetas #Shorts");
        assertThat(post.path("tags").toString()).contains("\"cocina\"", "\"recetas\"");
        assertThat(Files.readString(dir.resolve("sandbox/quota/TIKTOK/2026-11-21")).trim())
                .isEqualTo("1");
        var pub =
                new PublicationStore(bed.jdbi)
                        .find(UUID.fromString(v.getVideoId()), "TIKTOK")
                        .orElseThrow();
        assertThat(pub.status()).isEqualTo("published");
        assertThat(pub.attempts()).isEqualTo(1);
        assertThat(
                        new ContentJobStore(bed.jdbi)
                                .find(UUID.fromString(v.getJobId()))
                                .orElseThrow()
                                .status())
                .isEqualTo(JobStatus.PUBLISHED);
    }

    @Test
    void theDailyQuotaDefersToTheNextDayAndTooLongVideosFailTheJob() throws Exception {
        String prefix = bed.prefix();
        VideoRendered first = bed.rendered(bed.job(Platform.YOUTUBE_SHORTS, 18, 30));
        VideoRendered second = bed.rendered(bed.job(Platform.YOUTUBE_SHORTS, 18, 30));
        VideoRendered tooLong = bed.rendered(bed.job(Platform.YOUTUBE_SHORTS, 18, 60));
        tooLong.setDurationMs(200_000);
        bed.send(prefix, first);
        bed.send(prefix, second);
        bed.send(prefix, tooLong);
        Map<Platform, PlatformAdapter.Limits> limits =
                Map.of(Platform.YOUTUBE_SHORTS, new PlatformAdapter.Limits(180, 1));

        PublishService today = bed.sandboxService(prefix, limits, NOW, null);
        for (int i = 0; i < 30 && today.published() + today.failed() < 2; i++) {
            today.pollOnce(Duration.ofMillis(200));
        }
        assertThat(today.published()).isEqualTo(1);
        assertThat(today.failed()).isEqualTo(1);
        assertThat(today.waiting()).isEqualTo(1);
        var pubs = new PublicationStore(bed.jdbi);
        assertThat(
                        pubs.find(UUID.fromString(second.getVideoId()), "YOUTUBE_SHORTS")
                                .orElseThrow()
                                .status())
                .isEqualTo("deferred");
        var failedJob =
                new ContentJobStore(bed.jdbi)
                        .find(UUID.fromString(tooLong.getJobId()))
                        .orElseThrow();
        assertThat(failedJob.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failedJob.statusReason()).contains("accepts videos up to 180 s");
        bed.closeTestResources();

        PublishService tomorrow = bed.sandboxService(prefix, limits, NOW + 24 * 3_600_000L, null);
        for (int i = 0; i < 30 && tomorrow.published() < 1; i++) {
            tomorrow.pollOnce(Duration.ofMillis(200));
        }
        VideoPublished late =
                bed.read(prefix, 2).stream()
                        .filter(e -> e.getVideoId().equals(second.getVideoId()))
                        .findFirst()
                        .orElseThrow();
        assertThat(late.getPublishedAt())
                .isEqualTo(Instant.parse("2026-11-22T18:00:00Z").toEpochMilli());
    }
}
