package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.EngagementEvents;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics poller against a local server whose reports lag (missing, then partial, then
 * revised), on real Kafka and PostgreSQL, with a crash between computing and sending.
 */
class YouTubeAnalyticsPollerTest {
    private static String bootstrap;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("ytanalytics"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "yta-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @Test
    void laggingReportsBecomeExactIncrementsWithoutDuplicates() throws Exception {
        long t0 = System.currentTimeMillis();
        long hour = 3_600_000L;
        Rows rows = new Rows(jdbi, dir.resolve("media"), t0);
        String a =
                EngagementEvents.published(
                        jdbi, rows, Platform.YOUTUBE_SHORTS, "ytA", t0 - 5 * hour);
        String b =
                EngagementEvents.published(
                        jdbi, rows, Platform.YOUTUBE_SHORTS, "ytB", t0 - 4 * hour);
        String old =
                EngagementEvents.published(
                        jdbi,
                        rows,
                        Platform.YOUTUBE_SHORTS,
                        "ytOld",
                        t0 - 30 * 24 * hour); // past its horizon
        String prefix = EngagementEvents.prefix(bootstrap);
        try (YouTubeProtocolServer server = new YouTubeProtocolServer();
                EventProducer producer = EventProducer.create(bootstrap, prefix, "yt-poller")) {
            AnalyticsState state = new AnalyticsState(jdbi);
            YouTubeAnalyticsPoller poller = poller(server, state, producer);

            // 1. Nothing reported yet: no event, not even zeros.
            poller.pollOnce(t0);
            assertThat(server.reportQueries()).hasSize(1);
            Map<String, String> q = server.reportQueries().get(0);
            assertThat(q.get("filters"))
                    .startsWith("video==")
                    .contains("ytA", "ytB")
                    .doesNotContain("ytOld");
            assertThat(q.get("metrics"))
                    .contains(
                            "views",
                            "likes",
                            "comments",
                            "shares",
                            "subscribersGained",
                            "subscribersLost",
                            "estimatedMinutesWatched",
                            "averageViewDuration");

            // 2. A is reported in part (comments and shares not yet), B not at all.
            server.report(
                    "ytA",
                    Map.of(
                            "views",
                            100,
                            "likes",
                            5,
                            "estimatedMinutesWatched",
                            50.0,
                            "averageViewDuration",
                            30.0));
            poller.pollOnce(t0 + hour);

            // 3. Revised: A's views rise, likes are revised down, comments appear; B appears.
            server.report(
                    "ytA",
                    Map.of(
                            "views",
                            150,
                            "likes",
                            4,
                            "comments",
                            2,
                            "estimatedMinutesWatched",
                            80.0,
                            "averageViewDuration",
                            32.0));
            server.report("ytB", Map.of("views", 10, "likes", 0));
            poller.pollOnce(t0 + 2 * hour);

            // 4. The same report again: nothing new.
            poller.pollOnce(t0 + 3 * hour);

            // 5. A rises again, and the poller crashes after computing, before Kafka has it.
            server.report(
                    "ytA",
                    Map.of(
                            "views",
                            200,
                            "likes",
                            7,
                            "comments",
                            2,
                            "estimatedMinutesWatched",
                            100.0,
                            "averageViewDuration",
                            30.0));
            EventProducer dead = EventProducer.create(bootstrap, prefix, "dead");
            dead.close();
            YouTubeAnalyticsPoller crashing = poller(server, state, dead);
            assertThatThrownBy(() -> crashing.pollOnce(t0 + 4 * hour))
                    .isInstanceOf(IllegalStateException.class);

            // 6. Restarted: it sends what the crash left, and a re-poll adds nothing.
            YouTubeAnalyticsPoller restarted = poller(server, state, producer);
            restarted.pollOnce(t0 + 5 * hour);
            restarted.pollOnce(t0 + 6 * hour);
            assertThat(server.reportQueries())
                    .allSatisfy(
                            query ->
                                    assertThat(query.get("startDate"))
                                            .isLessThanOrEqualTo(
                                                    QuotaLedger.day(t0 - 5 * hour).toString()));
        }

        List<EngagementObserved> events = EngagementEvents.read(bootstrap, prefix, 4);
        assertThat(events.stream().map(e -> e.getEnvelope().getEventId()).distinct())
                .hasSize(events.size());
        List<EngagementObserved> ofA =
                events.stream().filter(e -> e.getVideoId().equals(a)).toList();
        List<EngagementObserved> ofB =
                events.stream().filter(e -> e.getVideoId().equals(b)).toList();
        assertThat(events).noneMatch(e -> e.getVideoId().equals(old));
        assertThat(ofA).hasSize(3);
        assertThat(ofB).hasSize(1);

        EngagementObserved first = ofA.get(0);
        assertThat(first.getViews()).isEqualTo(100L);
        assertThat(first.getLikes()).isEqualTo(5L);
        assertThat(first.getComments()).as("not yet reported").isNull();
        assertThat(first.getShares()).isNull();
        assertThat(first.getEstimatedMinutesWatched()).isEqualTo(50.0);
        assertThat(first.getAverageViewDuration()).isEqualTo(30.0);
        assertThat(first.getPlatform()).isEqualTo(Platform.YOUTUBE_SHORTS);
        assertThat(first.getPlatformVideoId()).isEqualTo("ytA");
        assertThat(first.getPeriodStart()).isEqualTo(t0 - 5 * hour);
        assertThat(first.getPeriodEnd()).isEqualTo(t0 + hour);

        EngagementObserved second = ofA.get(1);
        assertThat(second.getViews()).isEqualTo(50L);
        assertThat(second.getLikes()).as("revised down: no negative increment").isNull();
        assertThat(second.getComments()).isEqualTo(2L);
        assertThat(second.getEstimatedMinutesWatched()).isEqualTo(30.0);
        // (32 * 150 - 30 * 100) / 50 = 36 s over the period's 50 views
        assertThat(second.getAverageViewDuration()).isEqualTo(36.0);
        assertThat(second.getPeriodStart()).isEqualTo(first.getPeriodEnd());

        EngagementObserved third = ofA.get(2);
        assertThat(third.getViews()).isEqualTo(50L);
        assertThat(third.getLikes()).as("counted from the kept 5, not the revised 4").isEqualTo(2L);
        assertThat(third.getComments()).isEqualTo(0L);

        assertThat(sum(ofA, EngagementObserved::getViews)).isEqualTo(200);
        assertThat(sum(ofA, EngagementObserved::getLikes)).isEqualTo(7);
        assertThat(ofB.get(0).getViews()).isEqualTo(10L);
        assertThat(ofB.get(0).getLikes()).as("a measured zero is 0").isEqualTo(0L);
        assertThat(ofB.get(0).getComments()).isNull();
        assertThat(new AnalyticsState(jdbi).unsent()).isEmpty();
    }

    @Test
    void estimatedRevenueBecomesExactMicroDollarIncrements() throws Exception {
        long t0 = System.currentTimeMillis();
        long hour = 3_600_000L;
        Rows rows = new Rows(jdbi, dir.resolve("media"), t0);
        String v =
                EngagementEvents.published(
                        jdbi, rows, Platform.YOUTUBE_SHORTS, "ytRev", t0 - 5 * hour);
        String prefix = EngagementEvents.prefix(bootstrap);
        try (YouTubeProtocolServer server = new YouTubeProtocolServer();
                EventProducer producer = EventProducer.create(bootstrap, prefix, "yt-poller")) {
            AnalyticsState state = new AnalyticsState(jdbi);
            YouTubeAnalyticsPoller poller = poller(server, state, producer);
            server.report("ytRev", Map.of("views", 400, "estimatedRevenue", 1.25));
            poller.pollOnce(t0);
            server.report("ytRev", Map.of("views", 900, "estimatedRevenue", 3.1));
            poller.pollOnce(t0 + hour);
            server.report("ytRev", Map.of("views", 950)); // revenue not in this answer
            poller.pollOnce(t0 + 2 * hour);
        }
        List<EngagementObserved> events =
                EngagementEvents.read(bootstrap, prefix, 3).stream()
                        .filter(e -> e.getVideoId().equals(v))
                        .toList();
        assertThat(events).hasSize(3);
        assertThat(events)
                .extracting(EngagementObserved::getEstimatedRevenueMicroUsd)
                .containsExactly(1_250_000L, 1_850_000L, null);
        assertThat(events)
                .extracting(EngagementObserved::getViews)
                .containsExactly(400L, 500L, 50L);
    }

    private static long sum(List<EngagementObserved> es, Function<EngagementObserved, Long> f) {
        return es.stream().map(f).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    private static YouTubeAnalyticsPoller poller(
            YouTubeProtocolServer server, AnalyticsState state, EventProducer producer) {
        YouTubeClients clients = new YouTubeClients(server.settings(6, 262_144), Clock.systemUTC());
        return new YouTubeAnalyticsPoller(
                clients.analytics(), state, producer, Duration.ofHours(72 + 72));
    }
}
