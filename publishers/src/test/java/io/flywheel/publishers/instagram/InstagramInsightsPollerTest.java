package io.flywheel.publishers.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.EngagementEvents;
import io.flywheel.publishers.EngagementPoller;
import io.flywheel.publishers.youtube.Rows;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Reels insights poller against a local server whose insights lag (an empty data set first, as
 * the Graph API answers before insights exist, then partial, then revised), on real Kafka and
 * PostgreSQL; the same video published on TikTok keeps its own counters.
 */
class InstagramInsightsPollerTest {
    private static String bootstrap;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("iganalytics"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "iga-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @Test
    void laggingInsightsBecomeIncrementsWithWatchTimeAndNoNegativeRevision() throws Exception {
        long t0 = System.currentTimeMillis();
        long hour = 3_600_000L;
        Rows rows = new Rows(jdbi, dir.resolve("media"), t0);
        String a =
                EngagementEvents.published(
                        jdbi, rows, Platform.INSTAGRAM_REELS, "18000000000001", t0 - 5 * hour);
        String old =
                EngagementEvents.published(
                        jdbi,
                        rows,
                        Platform.INSTAGRAM_REELS,
                        "18000000000099",
                        t0 - 30 * 24 * hour);
        String prefix = EngagementEvents.prefix(bootstrap);
        try (InstagramProtocolServer server = new InstagramProtocolServer();
                EventProducer producer = EventProducer.create(bootstrap, prefix, "ig-poller")) {
            InstagramClients clients = new InstagramClients(server.settings(1), Clock.systemUTC());
            EngagementPoller poller =
                    new EngagementPoller(
                            Platform.INSTAGRAM_REELS,
                            InstagramClients.insights(clients.client()),
                            new AnalyticsState(jdbi, Platform.INSTAGRAM_REELS),
                            producer,
                            Duration.ofHours(72 + 48));

            // 1. Insights not available yet (an empty data set): nothing, not zeros.
            poller.pollOnce(t0);
            assertThat(server.insightQueries())
                    .hasSize(1)
                    .allMatch(q -> q.equals(InstagramClient.INSIGHTS));

            // 2. Lagging: views, likes and watch time; reach, saves, shares not yet.
            server.insights(
                    "18000000000001",
                    Map.of(
                            "views", 200.0,
                            "likes", 10.0,
                            "ig_reels_video_view_total_time", 1_200_000.0,
                            "ig_reels_avg_watch_time", 6_000.0));
            poller.pollOnce(t0 + hour);

            // 3. Revised: likes down, views up, the rest arrives.
            server.insights(
                    "18000000000001",
                    Map.of(
                            "views", 300.0,
                            "likes", 9.0,
                            "reach", 250.0,
                            "saved", 4.0,
                            "shares", 0.0,
                            "total_interactions", 13.0,
                            "ig_reels_video_view_total_time", 2_100_000.0,
                            "ig_reels_avg_watch_time", 7_000.0));
            poller.pollOnce(t0 + 2 * hour);
            poller.pollOnce(t0 + 3 * hour);
            assertThat(poller.sent()).isEqualTo(2);
            assertThat(server.insightQueries()).hasSize(4); // the old video is past its window
        }
        List<EngagementObserved> es = EngagementEvents.read(bootstrap, prefix, 2);
        assertThat(es)
                .hasSize(2)
                .allMatch(e -> e.getVideoId().equals(a) && !e.getVideoId().equals(old));
        EngagementObserved first = es.get(0);
        assertThat(first.getPlatform()).isEqualTo(Platform.INSTAGRAM_REELS);
        assertThat(first.getViews()).isEqualTo(200L);
        assertThat(first.getLikes()).isEqualTo(10L);
        assertThat(first.getReach()).as("not reported yet").isNull();
        assertThat(first.getEstimatedMinutesWatched()).isCloseTo(20.0, within(1e-9));
        assertThat(first.getAverageViewDuration()).isCloseTo(6.0, within(1e-9));
        EngagementObserved second = es.get(1);
        assertThat(second.getViews()).isEqualTo(100L);
        assertThat(second.getLikes()).as("revised down: no negative increment").isNull();
        assertThat(second.getReach()).isEqualTo(250L);
        assertThat(second.getSaved()).isEqualTo(4L);
        assertThat(second.getShares()).isEqualTo(0L);
        assertThat(second.getEstimatedMinutesWatched()).isCloseTo(15.0, within(1e-9));
        // The period's own average: (7 s × 300 − 6 s × 200) / 100 views = 9 s.
        assertThat(second.getAverageViewDuration()).isCloseTo(9.0, within(1e-9));
    }
}
