package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.thumbnails.ThumbnailTests;
import io.flywheel.publishers.thumbnails.WinnerRule;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thumbnail test on YouTube: variants shown in turn through {@code thumbnails.set}, impressions
 * and click-through read from the Analytics API ({@code impressions}, {@code
 * impressionsClickThroughRate}), against a local server speaking both protocols, on real
 * PostgreSQL.
 */
class YouTubeThumbnailsTest {
    /** A clock the test moves on, a day at a time. */
    static final class DayClock extends Clock {
        Instant now = Instant.parse("2026-11-25T18:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        void nextDay() {
            now = now.plus(Duration.ofDays(1));
        }
    }

    private static HikariDataSource ds;
    private static ThumbnailStore store;
    @TempDir Path media;
    private YouTubeProtocolServer server;
    private YouTubeThumbnails youtube;
    private final DayClock clock = new DayClock();

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("ytthumbs"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "ytthumbs");
        Database.migrate(ds);
        store = new ThumbnailStore(Database.jdbi(ds));
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new YouTubeProtocolServer();
        YouTubeClients clients = new YouTubeClients(server.settings(6, 262_144), clock);
        youtube = new YouTubeThumbnails(clients.analytics(), clients.thumbnails(), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void variantsAreShownInTurnAndTheWinnerStaysOnTheVideo() throws Exception {
        UUID video = UUID.randomUUID();
        String ytId = "yt" + video.toString().substring(0, 8);
        server.addVideo(ytId);
        List<ThumbnailVariant> variants = variants(video);
        ThumbnailTests tests =
                new ThumbnailTests(store, youtube, new WinnerRule(0.99, 2_000), media, clock);

        assertThat(tests.start(video, ytId)).isTrue();
        assertThat(tests.start(video, ytId)).as("a second start").isFalse();
        assertThat(server.thumbnail(ytId)).isEqualTo(bytes(variants.get(0)));

        // The day it was shown on counts for no variant: nothing is asked yet.
        assertThat(tests.step(video).orElseThrow().currentVariant()).isEqualTo(1);
        assertThat(server.reportQueries()).isEmpty();

        // Each variant in turn is shown for whole days and gets 2,000 impressions; variant 1 is
        // clicked 80 times, variant 2 200 times, variant 3 80 times. The server answers the totals
        // of the days asked for.
        clock.nextDay();
        report(ytId, 2_000, 80);
        assertThat(tests.step(video).orElseThrow().currentVariant()).isEqualTo(2);
        assertThat(server.thumbnail(ytId)).isEqualTo(bytes(variants.get(1)));
        assertThat(server.reportQueries().get(0))
                .containsEntry("startDate", "2026-11-26")
                .containsEntry("endDate", "2026-11-26");
        // The same report again, the same day: nothing is asked, nothing is added to variant 2.
        tests.step(video);
        assertThat(server.reportQueries()).hasSize(1);
        assertThat(store.counts(video, "YOUTUBE_SHORTS").get(1).impressions()).isZero();

        clock.nextDay();
        report(ytId, 2_000, 200);
        assertThat(tests.step(video).orElseThrow().currentVariant()).isEqualTo(3);
        assertThat(server.thumbnail(ytId)).isEqualTo(bytes(variants.get(2)));
        assertThat(server.reportQueries().get(1)).containsEntry("startDate", "2026-11-27");

        clock.nextDay();
        report(ytId, 2_000, 80);
        ThumbnailStore.Test done = tests.step(video).orElseThrow();

        assertThat(store.counts(video, "YOUTUBE_SHORTS"))
                .containsExactly(
                        new ThumbnailStore.Counts(1, 2_000, 80),
                        new ThumbnailStore.Counts(2, 2_000, 200),
                        new ThumbnailStore.Counts(3, 2_000, 80));
        assertThat(done.winnerVariant()).isEqualTo(2);
        assertThat(done.winnerProbability()).isGreaterThan(0.99);
        assertThat(done.currentVariant()).isEqualTo(2);
        assertThat(server.thumbnail(ytId)).isEqualTo(bytes(variants.get(1)));
        assertThat(server.thumbnailSets()).hasSize(4);
        assertThat(store.winningStyles())
                .contains(
                        new ThumbnailStore.StyleWins("YOUTUBE_SHORTS", variants.get(1).style(), 1));
        assertThat(server.reportQueries())
                .allSatisfy(
                        q ->
                                assertThat(q.get("metrics"))
                                        .isEqualTo("impressions,impressionsClickThroughRate"));

        // A decided test stays decided: later reports change nothing.
        clock.nextDay();
        report(ytId, 9_000, 360);
        tests.stepAll();
        assertThat(server.thumbnailSets()).hasSize(4);
        assertThat(store.open("YOUTUBE_SHORTS")).noneMatch(t -> t.videoId().equals(video));
    }

    @Test
    void anUnknownVideoIsAClearError() throws Exception {
        UUID video = UUID.randomUUID();
        List<ThumbnailVariant> variants = variants(video);
        assertThatThrownBy(
                        () ->
                                youtube.show(
                                        "missing",
                                        variants.get(0),
                                        media.resolve(variants.get(0).wideUri())))
                .isInstanceOf(YouTubeApiException.class)
                .hasMessageContaining("could not be found");
    }

    /** The Analytics totals the server answers for the video, whatever days are asked. */
    private void report(String ytId, long impressions, long clicks) {
        server.report(
                ytId,
                Map.of(
                        "impressions",
                        impressions,
                        "impressionsClickThroughRate",
                        clicks / (double) impressions));
    }

    /** Three variants with real JPEG files of a different colour each, recorded in the store. */
    private List<ThumbnailVariant> variants(UUID video) throws Exception {
        List<ThumbnailVariant> out = new ArrayList<>();
        Color[] colours = {Color.WHITE, Color.YELLOW, Color.CYAN};
        List<ThumbnailStyle> styles =
                List.of(
                        new ThumbnailStyle("early", "title", "white"),
                        new ThumbnailStyle("middle", "caps", "yellow"),
                        new ThumbnailStyle("late", "title", "cyan"));
        for (int v = 1; v <= 3; v++) {
            String uri = video + "/thumb-1280x720-v" + v + ".jpg";
            Path f = media.resolve(uri);
            Files.createDirectories(f.getParent());
            BufferedImage img = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(colours[v - 1]);
            g.fillRect(0, 0, 1280, 720);
            g.dispose();
            ImageIO.write(img, "jpg", f.toFile());
            out.add(new ThumbnailVariant(v, styles.get(v - 1), v * 2.0, uri, uri));
        }
        store.recordVariants(video, out);
        return out;
    }

    private byte[] bytes(ThumbnailVariant v) throws Exception {
        return Files.readAllBytes(media.resolve(v.wideUri()));
    }
}
