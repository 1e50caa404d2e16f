package io.flywheel.publishers.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TikTok Display API poller against a local server whose counts lag (absent, then partial, then
 * revised down), on real Kafka and PostgreSQL: TikTok reports no watch time, so those stay null.
 */
class TikTokAnalyticsPollerTest {
    private static String bootstrap;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("ttanalytics"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "tta-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @Test
    void laggingCountsBecomeIncrementsWithNullsAndNoNegativeRevision() throws Exception {
        long t0 = System.currentTimeMillis();
        long hour = 3_600_000L;
        Rows rows = new Rows(jdbi, dir.resolve("media"), t0);
        String a =
                EngagementEvents.published(
                        jdbi, rows, Platform.TIKTOK, "7300000000000000001", t0 - 5 * hour);
        String prefix = EngagementEvents.prefix(bootstrap);
        try (TikTokProtocolServer server = new TikTokProtocolServer();
                EventProducer producer = EventProducer.create(bootstrap, prefix, "tt-poller")) {
            TikTokClients clients =
                    new TikTokClients(
                            server.settings(5 * 1024 * 1024, false, 1), Clock.systemUTC());
            EngagementPoller poller =
                    new EngagementPoller(
                            Platform.TIKTOK,
                            TikTokClients.counts(clients.client()),
                            new AnalyticsState(jdbi, Platform.TIKTOK),
                            producer,
                            Duration.ofHours(72 + 48));

            // 1. Not reported yet: the query leaves the video out; nothing is sent.
            poller.pollOnce(t0);
            assertThat(server.queries()).containsExactly(List.of("7300000000000000001"));

            // 2. Views and likes, comment and share counts left out.
            server.counts("7300000000000000001", Map.of("view_count", 100L, "like_count", 5L));
            poller.pollOnce(t0 + hour);

            // 3. Views up, likes revised down, comments and shares appear.
            Map<String, Long> c = new HashMap<>();
            c.put("view_count", 160L);
            c.put("like_count", 4L);
            c.put("comment_count", 2L);
            c.put("share_count", 0L);
            server.counts("7300000000000000001", c);
            poller.pollOnce(t0 + 2 * hour);

            // 4. Likes rise past the kept 5; 5. the same counts again: nothing new.
            c.put("like_count", 8L);
            server.counts("7300000000000000001", c);
            poller.pollOnce(t0 + 3 * hour);
            poller.pollOnce(t0 + 4 * hour);
            assertThat(poller.sent()).isEqualTo(3);
        }
        List<EngagementObserved> es = EngagementEvents.read(bootstrap, prefix, 3);
        assertThat(es).hasSize(3).allMatch(e -> e.getVideoId().equals(a));
        assertThat(es).allMatch(e -> e.getPlatform() == Platform.TIKTOK);
        assertThat(es)
                .allMatch(
                        e ->
                                e.getEstimatedMinutesWatched() == null
                                        && e.getAverageViewDuration() == null);
        assertThat(es.get(0).getViews()).isEqualTo(100L);
        assertThat(es.get(0).getLikes()).isEqualTo(5L);
        assertThat(es.get(0).getComments()).as("not reported").isNull();
        assertThat(es.get(1).getViews()).isEqualTo(60L);
        assertThat(es.get(1).getLikes()).as("revised down: no negative increment").isNull();
        assertThat(es.get(1).getComments()).isEqualTo(2L);
        assertThat(es.get(1).getShares()).as("a measured zero").isEqualTo(0L);
        assertThat(es.get(2).getLikes()).as("counted from the kept 5").isEqualTo(3L);
        assertThat(es.get(2).getViews()).isEqualTo(0L);
        assertThat(es.get(0).getEnvelope().getProducer()).contains("tiktok-analytics-poller");
        assertThat(new AnalyticsState(jdbi, Platform.TIKTOK).unsent()).isEmpty();
    }
}
