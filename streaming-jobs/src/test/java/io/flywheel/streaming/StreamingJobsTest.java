package io.flywheel.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process {@code flywheel up} starts: its jobs in one MiniCluster, the web UI reachable,
 * SIGTERM stops it, and a second start resumes from the retained checkpoint (totals continue).
 */
class StreamingJobsTest {
    @TempDir Path data;

    @Test
    void runsBothJobsWithAWebUiStopsOnSigtermAndResumesFromItsCheckpoint() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "up" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Jdbc.Target db = TestDatabase.migrated("up");
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        String database = db.url().substring(db.url().lastIndexOf('/') + 1);
        Map<String, String> env =
                Map.ofEntries(
                        Map.entry("FLYWHEEL_DATA_DIR", data.toString()),
                        Map.entry("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                        Map.entry("FLYWHEEL_KAFKA_TOPIC_PREFIX", prefix),
                        Map.entry("FLYWHEEL_KAFKA_TOPIC_PARTITIONS", "1"),
                        Map.entry("FLYWHEEL_POSTGRES_HOST", pg.host()),
                        Map.entry("FLYWHEEL_POSTGRES_PORT", Integer.toString(pg.port())),
                        Map.entry("FLYWHEEL_POSTGRES_DATABASE", database),
                        Map.entry("FLYWHEEL_POSTGRES_USER", db.user()),
                        Map.entry("FLYWHEEL_POSTGRES_PASSWORD", db.password()),
                        Map.entry("FLYWHEEL_STREAMING_WEB_PORT", "0"),
                        Map.entry("FLYWHEEL_STREAMING_PARALLELISM", "1"),
                        Map.entry("FLYWHEEL_STREAMING_CHECKPOINT_INTERVAL_MS", "1000"));
        String video = UUID.randomUUID().toString();

        StreamingProcess first = StreamingProcess.start(env);
        try {
            first.awaitRunningJobs(2);
            send(bootstrap, prefix, video, 7);
            awaitViews(db, video, 7);
            // A checkpoint completed after the row was written, where a restart looks for it.
            Path engagementCheckpoints =
                    data.resolve("flink/checkpoints")
                            .resolve(StreamingJobs.ENGAGEMENT_JOB.toHexString());
            awaitNewerCheckpoint(
                    engagementCheckpoints,
                    StreamingJobs.newestCheckpoint(engagementCheckpoints).orElse(null));
        } finally {
            first.stop();
        }
        assertThat(first.exitValue()).isIn(0, 143);

        StreamingProcess second = StreamingProcess.start(env);
        try {
            second.awaitRunningJobs(2);
            send(bootstrap, prefix, video, 5);
            // Resumed from the checkpoint: the total continues from 7, it does not restart at 5.
            awaitViews(db, video, 12);
        } finally {
            second.stop();
        }
    }

    private static void awaitNewerCheckpoint(Path jobDir, Path before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> newest = StreamingJobs.newestCheckpoint(jobDir);
            if (newest.isPresent() && !newest.get().equals(before)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "no new checkpoint in " + jobDir + " (newest before: " + before + ")");
    }

    private static void send(String bootstrap, String prefix, String video, long views)
            throws Exception {
        long now = System.currentTimeMillis();
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "streaming-jobs-test")) {
            p.send(
                            EngagementObserved.newBuilder()
                                    .setEnvelope(
                                            Envelope.newBuilder()
                                                    .setEventId(UUID.randomUUID().toString())
                                                    .setEventType("EngagementObserved")
                                                    .setEventTime(now)
                                                    .setProducer("test")
                                                    .setTraceId(UUID.randomUUID().toString())
                                                    .build())
                                    .setVideoId(video)
                                    .setPlatform(Platform.TIKTOK)
                                    .setPlatformVideoId("pv")
                                    .setPeriodStart(now - 1000)
                                    .setPeriodEnd(now)
                                    .setViews(views)
                                    .build())
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitViews(Jdbc.Target db, String video, long views) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = TestDatabase.connect(db);
                    PreparedStatement st =
                            c.prepareStatement(
                                    "SELECT views FROM kpi_video_totals WHERE video_id = ?")) {
                st.setString(1, video);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        seen = rs.getLong(1);
                        if (seen == views) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("views of " + video + " are " + seen + ", not " + views);
    }
}
