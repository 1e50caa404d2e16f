package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.review.ReviewGate;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewPolicy;
import io.flywheel.store.ReviewQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review gate in the sandbox publisher, on the real broker and PostgreSQL: videos that wait are
 * not published, approved ones are published exactly once (also after a restart), rejected ones
 * never, and borderline moderation waits even where the channel publishes at once.
 */
class PublishReviewTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    private static final Map<Platform, PlatformAdapter.Limits> LIMITS =
            Map.of(
                    Platform.TIKTOK, new PlatformAdapter.Limits(600, 100),
                    Platform.YOUTUBE_SHORTS, new PlatformAdapter.Limits(180, 100));

    @TempDir Path dir;
    private static PublisherTestBed bed;

    @BeforeAll
    static void setUp() {
        bed = PublisherTestBed.open("review");
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
    void waitingVideosPublishOnlyWhenApprovedAndOnlyOnce() throws Exception {
        String prefix = bed.prefix();
        new ReviewPolicies(bed.jdbi).set("TIKTOK", ReviewPolicy.WAIT_FOR_APPROVAL, "test");
        VideoRendered approved = bed.rendered(bed.job(Platform.TIKTOK, 12, 30));
        VideoRendered rejected = bed.rendered(bed.job(Platform.TIKTOK, 12, 30));
        VideoRendered borderline = bed.rendered(bed.job(Platform.YOUTUBE_SHORTS, 12, 30));
        borderline.setModerationFlags(List.of("borderline: financial promise"));
        VideoRendered atOnce = bed.rendered(bed.job(Platform.YOUTUBE_SHORTS, 12, 30));
        for (VideoRendered v : List.of(approved, rejected, borderline, atOnce)) {
            bed.send(prefix, v);
        }

        PublishService first =
                bed.sandboxService(
                        prefix,
                        LIMITS,
                        NOW,
                        new ReviewGate(new ReviewQueue(bed.jdbi), new ReviewPolicies(bed.jdbi)));
        for (int i = 0; i < 50 && first.published() < 1; i++) {
            first.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            first.pollOnce(Duration.ofMillis(200));
        }
        assertThat(first.published()).isEqualTo(1);
        assertThat(bed.read(prefix, 1))
                .extracting(VideoPublished::getVideoId)
                .containsExactly(atOnce.getVideoId());
        ReviewQueue queue = new ReviewQueue(bed.jdbi);
        assertThat(queue.list(ReviewItem.PENDING, null, null, 10))
                .extracting(i -> i.videoId().toString(), ReviewItem::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                approved.getVideoId(), ReviewItem.CHANNEL_POLICY),
                        org.assertj.core.groups.Tuple.tuple(
                                rejected.getVideoId(), ReviewItem.CHANNEL_POLICY),
                        org.assertj.core.groups.Tuple.tuple(
                                borderline.getVideoId(), ReviewItem.MODERATION_BORDERLINE));
        assertThat(
                        queue.find(UUID.fromString(borderline.getVideoId()))
                                .orElseThrow()
                                .reasonDetail())
                .isEqualTo("borderline: financial promise");
        bed.closeTestResources();

        // Decided while the publisher is down; the rejected video's event is read again.
        queue.decide(UUID.fromString(approved.getVideoId()), true, "key-1", null);
        queue.decide(UUID.fromString(borderline.getVideoId()), true, "key-1", null);
        queue.decide(UUID.fromString(rejected.getVideoId()), false, "key-1", "off-brand");
        bed.send(prefix, rejected);

        PublishService second =
                bed.sandboxService(
                        prefix,
                        LIMITS,
                        NOW,
                        new ReviewGate(new ReviewQueue(bed.jdbi), new ReviewPolicies(bed.jdbi)));
        for (int i = 0; i < 50 && second.published() < 2; i++) {
            second.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 10; i++) {
            second.pollOnce(Duration.ofMillis(200));
        }
        assertThat(second.published()).isEqualTo(2);
        List<VideoPublished> events = bed.read(prefix, 3);
        assertThat(events)
                .extracting(VideoPublished::getVideoId)
                .containsExactlyInAnyOrder(
                        atOnce.getVideoId(), approved.getVideoId(), borderline.getVideoId());
        assertThat(uploads("TIKTOK") + uploads("YOUTUBE_SHORTS")).isEqualTo(3);
        assertThat(
                        new PublicationStore(bed.jdbi)
                                .find(UUID.fromString(rejected.getVideoId()), "TIKTOK"))
                .isEmpty();
        assertThat(queue.find(UUID.fromString(approved.getVideoId())).orElseThrow().releasedAt())
                .isNotNull();
        assertThat(queue.find(UUID.fromString(rejected.getVideoId())).orElseThrow().releasedAt())
                .isNull();
        assertThat(queue.pendingCount()).isZero();
    }

    private long uploads(String platform) throws Exception {
        Path p = dir.resolve("sandbox").resolve(platform);
        if (!Files.isDirectory(p)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(p)) {
            return files.filter(f -> f.toString().endsWith(".mp4")).count();
        }
    }
}
