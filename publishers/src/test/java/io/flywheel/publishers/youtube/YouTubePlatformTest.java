package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.YouTubeSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.Database;
import io.flywheel.store.PublicationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YouTube adapter against a local server speaking the upload protocol, on real PostgreSQL. */
class YouTubePlatformTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final int CHUNK = YouTubeSettings.CHUNK_GRANULE;

    /** Four full chunks and a part: 1 MiB + 12345 bytes. */
    private static final int SIZE = 4 * CHUNK + 12_345;

    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;
    private YouTubeProtocolServer server;
    private Rows rows;

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("youtube"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "yt-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new YouTubeProtocolServer();
        rows = new Rows(jdbi, dir.resolve("media"), NOW);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anUploadInterruptedMidChunkResumesFromTheConfirmedByte() throws Exception {
        VideoRendered v = claimed(18);
        long dropAt = CHUNK + 100_000;
        server.dropConnectionAtByte(dropAt);

        YouTubePlatform yt = platform(server.settings(6, CHUNK));
        PlatformAdapter.Upload up = yt.upload(request(v, 18));

        byte[] file = Files.readAllBytes(rows.file(v));
        assertThat(server.videos()).containsOnlyKeys(up.platformVideoId());
        assertThat(server.videos().get(up.platformVideoId())).isEqualTo(file);
        assertThat(server.sessionsStarted()).isEqualTo(1);
        assertThat(server.bytesReceived()).isEqualTo(SIZE);
        assertThat(server.statusQueries()).isEqualTo(1);
        // After the drop the client asked, then went on from exactly the byte the server had.
        assertThat(server.contentRanges())
                .containsSubsequence(
                        "bytes " + CHUNK + "-" + (2 * CHUNK - 1) + "/" + SIZE,
                        "bytes */" + SIZE,
                        "bytes " + dropAt + "-" + (dropAt + CHUNK - 1) + "/" + SIZE);
        assertThat(up.publishedAt())
                .isEqualTo(Instant.parse("2026-11-21T18:00:00Z").toEpochMilli());
        assertThat(up.url()).isEqualTo("https://www.youtube.com/shorts/" + up.platformVideoId());
        var meta = server.metadata().get(0);
        assertThat(meta.path("status").path("privacyStatus").asText()).isEqualTo("private");
        assertThat(meta.path("status").path("publishAt").asText())
                .isEqualTo("2026-11-21T18:00:00Z");
        assertThat(meta.path("status").path("selfDeclaredMadeForKids").asBoolean(true)).isFalse();
        assertThat(meta.path("snippet").path("title").asText()).doesNotContain("<");
        assertThat(meta.path("snippet").path("categoryId").asText()).isEqualTo("22");
        assertThat(new UploadSessions(jdbi).find(UUID.fromString(v.getVideoId()), "YOUTUBE_SHORTS"))
                .get()
                .satisfies(s -> assertThat(s.total()).isEqualTo(SIZE));
    }

    @Test
    void aLostFinalResponseIsAnsweredByTheStatusQueryNotBySendingAgain() throws Exception {
        VideoRendered v = claimed(12);
        server.loseTheLastResponse();
        server.failNextPutsWith503(1);

        PlatformAdapter.Upload up = platform(server.settings(6, CHUNK)).upload(request(v, 12));

        assertThat(server.videos().get(up.platformVideoId()))
                .isEqualTo(Files.readAllBytes(rows.file(v)));
        assertThat(server.sessionsStarted()).isEqualTo(1);
        assertThat(server.bytesReceived()).isEqualTo(SIZE);
        assertThat(server.statusQueries()).isEqualTo(2); // after the 503, and after the lost answer
    }

    @Test
    void anExpiredSessionStartsOverAndCostsQuotaAgain() throws Exception {
        VideoRendered v = claimed(12);
        server.expireSessionAtByte(2 * CHUNK);

        long tomorrow = NOW + DAY; // a quota day of its own
        PlatformAdapter.Upload up =
                platform(server.settings(6, CHUNK)).upload(request(v, 12, tomorrow));

        assertThat(server.sessionsStarted()).isEqualTo(2);
        assertThat(server.videos()).containsOnlyKeys(up.platformVideoId());
        assertThat(server.videos().get(up.platformVideoId()))
                .isEqualTo(Files.readAllBytes(rows.file(v)));
        assertThat(new QuotaLedger(jdbi).used("YOUTUBE_SHORTS", QuotaLedger.day(tomorrow)))
                .as("two videos.insert calls")
                .isEqualTo(2);
    }

    @Test
    void aBadRefreshTokenFailsWithAClearMessageAndUploadsNothing() throws Exception {
        VideoRendered v = claimed(12);
        server.acceptRefreshToken("1//another-token");
        YouTubePlatform yt = platform(server.settings(6, CHUNK));

        assertThatThrownBy(() -> yt.upload(request(v, 12)))
                .isInstanceOf(YouTubeApiException.class)
                .hasMessageContaining("HTTP 400 invalid_grant")
                .hasMessageContaining("FLYWHEEL_YOUTUBE_REFRESH_TOKEN")
                .hasMessageNotContaining(YouTubeProtocolServer.REFRESH_TOKEN)
                .hasMessageNotContaining(YouTubeProtocolServer.CLIENT_SECRET);
        assertThat(server.sessionsStarted()).isZero();
        YouTubeClients clients = new YouTubeClients(server.settings(6, CHUNK), Clock.systemUTC());
        assertThatThrownBy(clients::verifyChannel)
                .isInstanceOf(YouTubeApiException.class)
                .hasMessageContaining("invalid_grant");

        server.acceptRefreshToken(YouTubeProtocolServer.REFRESH_TOKEN);
        assertThat(clients.verifyChannel()).isEqualTo("UCtest");
        assertThat(clients.verifyChannel()).isEqualTo("UCtest");
        assertThat(clients.tokens().refreshes()).isEqualTo(1); // cached until it nears expiry
    }

    @Test
    void theDailyQuotaDefersUntilMidnightPacific() throws Exception {
        YouTubePlatform yt = platform(server.settings(1, CHUNK));
        VideoRendered first = claimed(12);
        VideoRendered second = claimed(12);
        long later = NOW + 2 * DAY; // a quota day of its own
        yt.upload(request(first, 12, later));

        assertThatThrownBy(() -> yt.upload(request(second, 12, later)))
                .isInstanceOfSatisfying(
                        PlatformAdapter.Refused.class,
                        r ->
                                assertThat(r.retryAt())
                                        .isEqualTo(
                                                Instant.parse("2026-11-24T08:00:00Z")
                                                        .toEpochMilli()));
        assertThat(server.sessionsStarted()).isEqualTo(1);
        assertThat(yt.limits(Platform.YOUTUBE_SHORTS).dailyUploads()).isEqualTo(1);
        assertThat(yt.limits(Platform.TIKTOK)).isNull();
    }

    private YouTubePlatform platform(YouTubeSettings s) {
        YouTubeClients clients = new YouTubeClients(s, Clock.systemUTC());
        return new YouTubePlatform(
                clients.uploads(),
                new UploadSessions(jdbi),
                new QuotaLedger(jdbi),
                s,
                5,
                Duration.ofMillis(10));
    }

    private VideoRendered claimed(int hour) throws Exception {
        VideoRendered v = rows.recorded(rows.rendered(rows.job(hour), SIZE));
        new PublicationStore(jdbi).claim(UUID.fromString(v.getVideoId()), "YOUTUBE_SHORTS");
        return v;
    }

    private PlatformAdapter.UploadRequest request(VideoRendered v, int hour) {
        return request(v, hour, NOW);
    }

    private PlatformAdapter.UploadRequest request(VideoRendered v, int hour, long now) {
        return new PlatformAdapter.UploadRequest(
                v.getVideoId(),
                Platform.YOUTUBE_SHORTS,
                rows.file(v),
                v.getDurationMs(),
                v.getTitle(),
                v.getTitle() + "\n\n#Shorts",
                List.of("finance", "shorts"),
                hour,
                now);
    }
}
