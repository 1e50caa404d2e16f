package io.flywheel.publishers.youtube;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.TokenVault;
import io.flywheel.publishers.thumbnails.ThumbnailTests;
import io.flywheel.publishers.thumbnails.WinnerRule;
import io.flywheel.schemas.EventProducer;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the YouTube Analytics poller as a process (start it when {@code publish.adapter=youtube}):
 * polls every {@code youtube.analytics.poll.minutes} until stopped. Wiring only: the work is in
 * {@link YouTubeAnalyticsPoller}.
 */
public final class YouTubeAnalyticsPollerMain {
    private static final Logger LOG = LoggerFactory.getLogger(YouTubeAnalyticsPollerMain.class);
    private static final String NAME = "youtube-analytics-poller";

    private YouTubeAnalyticsPollerMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("config {}", c.describe());
        Duration window =
                Duration.ofHours(c.batch().horizonHours() + (long) c.youtube().lagHours());
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
        try (HikariDataSource ds = Database.dataSource(c.postgres(), NAME);
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(), c.kafka().topicPrefix(), NAME)) {
            YouTubeClients yt =
                    new YouTubeClients(
                            c.youtube(),
                            Clock.systemUTC(),
                            TokenVault.connectedAccount(
                                    Database.jdbi(ds), c.publish().tokenKey(), "YOUTUBE_SHORTS"));
            LOG.info("reading analytics of YouTube channel {}", yt.verifyChannel());
            YouTubeAnalyticsPoller poller =
                    new YouTubeAnalyticsPoller(
                            yt.analytics(),
                            new AnalyticsState(Database.jdbi(ds)),
                            producer,
                            window);
            ThumbnailTests thumbnails =
                    new ThumbnailTests(
                            new ThumbnailStore(Database.jdbi(ds)),
                            new YouTubeThumbnails(
                                    yt.analytics(), yt.thumbnails(), Clock.systemUTC()),
                            WinnerRule.DEFAULT,
                            c.dataPath("media"),
                            Clock.systemUTC());
            AnalyticsState videos = new AnalyticsState(Database.jdbi(ds));
            LOG.info(
                    "polling every {} min, videos for {} after publication",
                    c.youtube().pollMinutes(),
                    window);
            do {
                try {
                    poller.pollOnce(System.currentTimeMillis());
                } catch (YouTubeApiException e) {
                    // Quota or a transient API error: the next poll reads the same totals again.
                    LOG.warn("analytics poll failed: {}", e.getMessage());
                }
                stepThumbnailTests(thumbnails, videos, window);
            } while (!stop.await(c.youtube().pollMinutes(), TimeUnit.MINUTES));
            LOG.info("stopped; {} increments sent", poller.sent());
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Starts a thumbnail test for each video published in the window that has none, and steps the
     * open tests (docs/thumbnails.md). A failure is logged and tried again at the next poll.
     */
    static void stepThumbnailTests(ThumbnailTests tests, AnalyticsState videos, Duration window) {
        Instant now = Instant.now();
        try {
            for (AnalyticsState.PolledVideo v : videos.published(now.minus(window), now)) {
                tests.start(v.videoId(), v.platformVideoId());
            }
            tests.stepAll();
        } catch (Exception e) {
            LOG.warn("thumbnail tests: {}", e.toString());
        }
    }
}
