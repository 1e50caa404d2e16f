package io.flywheel.publishers;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.publishers.instagram.InstagramClients;
import io.flywheel.publishers.tiktok.TikTokClients;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics poller of the platform {@code publish.adapter} names, TikTok (Display API
 * counts) or Instagram (Reels insights), as a process: polls every {@code
 * tiktok.analytics.poll.minutes} / {@code instagram.insights.poll.minutes} until stopped. YouTube's
 * has its own main ({@code YouTubeAnalyticsPollerMain}). Wiring only: the work is in {@link
 * EngagementPoller}.
 */
public final class EngagementPollerMain {
    private static final Logger LOG = LoggerFactory.getLogger(EngagementPollerMain.class);

    private EngagementPollerMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("config {}", c.describe());
        Platform platform;
        int pollMinutes;
        int lagHours;
        if (c.publish().tiktok()) {
            platform = Platform.TIKTOK;
            pollMinutes = c.tiktok().pollMinutes();
            lagHours = c.tiktok().lagHours();
        } else if (c.publish().instagram()) {
            platform = Platform.INSTAGRAM_REELS;
            pollMinutes = c.instagram().pollMinutes();
            lagHours = c.instagram().lagHours();
        } else {
            throw new IllegalStateException(
                    "publish.adapter=" + c.publish().adapter() + " has no poller here");
        }
        String name = EngagementIncrements.pollerName(platform);
        Duration window = Duration.ofHours(c.batch().horizonHours() + (long) lagHours);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stop.countDown();
                                    try {
                                        stopped.await(30, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }));
        try (HikariDataSource ds = Database.dataSource(c.postgres(), name);
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(), c.kafka().topicPrefix(), name)) {
            Jdbi jdbi = Database.jdbi(ds);
            EngagementPoller.CumulativeCounters counters =
                    platform == Platform.TIKTOK
                            ? TikTokClients.counts(
                                    new TikTokClients(
                                                    c.tiktok(),
                                                    Clock.systemUTC(),
                                                    new TokenVault(jdbi, c.publish().tokenKey())
                                                            .forPlatform(platform.name()))
                                            .client())
                            : InstagramClients.insights(
                                    new InstagramClients(
                                                    c.instagram(),
                                                    Clock.systemUTC(),
                                                    TokenVault.connectedAccount(
                                                            jdbi,
                                                            c.publish().tokenKey(),
                                                            platform.name()))
                                            .client());
            EngagementPoller poller =
                    new EngagementPoller(
                            platform,
                            counters,
                            new AnalyticsState(jdbi, platform),
                            producer,
                            window);
            LOG.info(
                    "polling {} every {} min, videos for {} after publication",
                    platform,
                    pollMinutes,
                    window);
            do {
                try {
                    poller.pollOnce(System.currentTimeMillis());
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        throw e;
                    }
                    // A limit or a transient API error: the next poll reads the same totals again.
                    LOG.warn("{} poll failed: {}", platform, e.getMessage());
                }
            } while (!stop.await(pollMinutes, TimeUnit.MINUTES));
            LOG.info("stopped; {} increments sent", poller.sent());
        } finally {
            stopped.countDown();
        }
    }
}
