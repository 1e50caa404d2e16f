package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.evidence.EvidenceGate;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.JobStatus;
import io.flywheel.store.PublicationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The licence evidence gate in the sandbox publisher, on the real broker and PostgreSQL: a video
 * without evidence and one whose music licence allows YouTube only are not uploaded to TikTok,
 * their publications say why, and they wait; a complete one is published at once. Once the evidence
 * is fixed both are published, each exactly once.
 */
class EvidenceGateTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    @TempDir Path dir;
    private static PublisherTestBed bed;

    @BeforeAll
    static void setUp() {
        bed = PublisherTestBed.open("evidencegate");
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
    void missingOrForbiddingEvidenceHoldsTheVideoWithTheReasonAndFixedItIsPublishedOnce()
            throws Exception {
        String prefix = bed.prefix();
        AssetEvidenceStore evidence = new AssetEvidenceStore(bed.jdbi);
        VideoRendered missing = bed.rendered(bed.job(Platform.TIKTOK, 21, 30));
        VideoRendered youtubeOnly = bed.rendered(bed.job(Platform.TIKTOK, 21, 30));
        VideoRendered ok = bed.rendered(bed.job(Platform.TIKTOK, 21, 30));
        evidence.record(
                id(youtubeOnly.getVideoId()),
                id(youtubeOnly.getJobId()),
                EvidenceSamples.complete("LicenseRef-YouTube-Audio-Library"));
        evidence.record(
                id(ok.getVideoId()), id(ok.getJobId()), EvidenceSamples.complete("CC0-1.0"));
        bed.send(prefix, missing);
        bed.send(prefix, youtubeOnly);
        bed.send(prefix, ok);

        PublishService s = gatedTikTok(prefix, evidence);
        for (int i = 0; i < 50 && s.published() < 1; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(s.waiting()).isEqualTo(2);
        assertThat(uploads()).isEqualTo(1);
        PublicationStore pubs = new PublicationStore(bed.jdbi);
        var held = pubs.find(id(missing.getVideoId()), "TIKTOK").orElseThrow();
        assertThat(held.status()).isEqualTo("deferred");
        assertThat(held.lastError())
                .startsWith(
                        "licence evidence: script: no evidence recorded; voice: no evidence"
                                + " recorded; image: no evidence recorded; font: no evidence recorded")
                .contains("not published to TIKTOK");
        var forbidden = pubs.find(id(youtubeOnly.getVideoId()), "TIKTOK").orElseThrow();
        assertThat(forbidden.status()).isEqualTo("deferred");
        assertThat(forbidden.lastError())
                .isEqualTo(
                        "licence evidence: music (music-folder): licence"
                                + " LicenseRef-YouTube-Audio-Library allows YOUTUBE_SHORTS only (not"
                                + " published to TIKTOK; GET /v1/videos/{id}/evidence shows every asset)");
        assertThat(
                        new ContentJobStore(bed.jdbi)
                                .find(id(missing.getJobId()))
                                .orElseThrow()
                                .status())
                .isNotEqualTo(JobStatus.FAILED);

        // The evidence is fixed: the missing video's assets recorded, the track relicensed.
        evidence.record(
                id(missing.getVideoId()),
                id(missing.getJobId()),
                EvidenceSamples.complete("CC-BY-4.0"));
        List<AssetEvidence> relicensed = new ArrayList<>(EvidenceSamples.complete("CC0-1.0"));
        evidence.put(id(youtubeOnly.getVideoId()), id(youtubeOnly.getJobId()), relicensed.get(3));
        for (int i = 0; i < 50 && s.published() < 3; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(3);
        assertThat(s.waiting()).isZero();
        assertThat(uploads()).isEqualTo(3);
        List<VideoPublished> events = bed.read(prefix, 3);
        assertThat(events).hasSize(3);
        assertThat(events.stream().map(VideoPublished::getVideoId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        missing.getVideoId(), youtubeOnly.getVideoId(), ok.getVideoId());
        assertThat(pubs.find(id(missing.getVideoId()), "TIKTOK").orElseThrow().status())
                .isEqualTo("published");

        // A licence that never allows the platform: non-commercial.
        assertThat(
                        EvidenceGate.refusal(
                                EvidenceSamples.complete("CC-BY-NC-4.0"), Platform.YOUTUBE_SHORTS))
                .hasValueSatisfying(r -> assertThat(r).contains("non-commercial"));
        assertThat(
                        EvidenceGate.refusal(
                                EvidenceSamples.complete("LicenseRef-YouTube-Audio-Library"),
                                Platform.YOUTUBE_SHORTS))
                .isEmpty();
        assertThat(EvidenceGate.refusal(EvidenceSamples.complete("CC-BY-4.O"), Platform.TIKTOK))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("'CC-BY-4.O' is not one Flywheel knows"));
    }

    @Test
    void theSandboxPublishesASimulatedHistoryVideoWithoutEvidenceButNotAnUnlabelledOne()
            throws Exception {
        String prefix = bed.prefix();
        AssetEvidenceStore evidence = new AssetEvidenceStore(bed.jdbi);
        VideoRendered history = bed.rendered(bed.simulatedHistoryJob(Platform.TIKTOK, 21, 30));
        VideoRendered unlabelled = bed.rendered(bed.job(Platform.TIKTOK, 21, 30));
        bed.send(prefix, history);
        bed.send(prefix, unlabelled);

        PublishService s = gatedTikTok(prefix, evidence);
        for (int i = 0; i < 50 && s.published() + s.waiting() < 2; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(1);
        assertThat(s.waiting()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(uploads()).isEqualTo(1);
        assertThat(evidence.of(id(history.getVideoId()))).as("no evidence was written").isEmpty();
        PublicationStore pubs = new PublicationStore(bed.jdbi);
        assertThat(pubs.find(id(history.getVideoId()), "TIKTOK").orElseThrow().status())
                .isEqualTo("published");
        assertThat(pubs.find(id(unlabelled.getVideoId()), "TIKTOK").orElseThrow().lastError())
                .startsWith("licence evidence: script: no evidence recorded");
    }

    /** The sandbox publisher with the evidence gate, checking again every 300 ms. */
    private static PublishService gatedTikTok(String prefix, AssetEvidenceStore evidence) {
        return bed.sandboxService(
                        prefix,
                        Map.of(Platform.TIKTOK, new PlatformAdapter.Limits(600, 100)),
                        NOW,
                        null)
                .gate(new EvidenceGate(evidence), Duration.ofMillis(300));
    }

    private long uploads() throws Exception {
        Path d = dir.resolve("sandbox/TIKTOK");
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).count();
        }
    }

    private static UUID id(CharSequence s) {
        return UUID.fromString(s.toString());
    }
}
