package io.flywheel.publishers.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.TikTokSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.RateWindowLedger;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.publishers.youtube.Rows;
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

/**
 * The TikTok adapter against a local server speaking the Content Posting API, on real PostgreSQL.
 * "Restarting" builds a new adapter over the same database (the store a restarted publisher finds).
 */
class TikTokPlatformTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:30Z").toEpochMilli();
    private static final int MIB = 1024 * 1024;
    private static final int CHUNK = 5 * MIB;

    /** Two chunks: 5 MiB, then 7 MiB + 12345 bytes (the last chunk takes the trailing bytes). */
    private static final int SIZE = 12 * MIB + 12_345;

    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;
    private TikTokProtocolServer server;
    private Rows rows;

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("tiktok"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "tt-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new TikTokProtocolServer();
        rows = new Rows(jdbi, dir.resolve("media"), NOW);
        jdbi.useHandle(h -> h.execute("DELETE FROM platform_rate_windows"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anInterruptedChunkedUploadResumesAfterARestartAndPollsUntilModerationEnds()
            throws Exception {
        VideoRendered v = claimed();
        String second = "bytes " + CHUNK + "-" + (SIZE - 1) + "/" + SIZE;
        server.dropConnectionAtByte(CHUNK + 3 * MIB);
        server.moderationLasts(2);
        TikTokSettings s = server.settings(CHUNK, false, 5);
        TikTokClients clients = new TikTokClients(s, Clock.systemUTC());

        // No retries allowed: the drop defers the publication, the first chunk stays confirmed.
        PlatformAdapter.Refused deferred =
                org.junit.jupiter.api.Assertions.assertThrows(
                        PlatformAdapter.Refused.class,
                        () -> platform(clients, s, 0).upload(request(v, NOW)));
        assertThat(deferred.retryAt()).isEqualTo(NOW + 60_000);
        assertThat(deferred.getMessage()).contains("resumes at chunk 2 of 2");

        // The restarted adapter asks the post's status and sends the second chunk only.
        PlatformAdapter.Upload up = platform(clients, s, 0).upload(request(v, NOW + 60_000));

        TikTokProtocolServer.Post post = server.posts().values().iterator().next();
        assertThat(server.inits()).isEqualTo(1);
        assertThat(post.chunks).isEqualTo(2);
        assertThat(post.chunkSize).isEqualTo(CHUNK);
        assertThat(post.received.toByteArray()).isEqualTo(Files.readAllBytes(rows.file(v)));
        assertThat(server.contentRanges())
                .containsExactly("bytes 0-" + (CHUNK - 1) + "/" + SIZE, second, second);
        // 1 status fetch found the upload incomplete, 2 during moderation, 1 with the public id.
        assertThat(server.statusFetches()).isEqualTo(4);
        assertThat(up.platformVideoId()).startsWith("73");
        assertThat(up.url())
                .isEqualTo("https://www.tiktok.com/@flywheel.test/video/" + up.platformVideoId());
        assertThat(post.postInfo.path("privacy_level").asText())
                .as("an unaudited client posts privately")
                .isEqualTo("SELF_ONLY");
        assertThat(post.postInfo.path("title").asText()).isEqualTo(v.getTitle());
        assertThat(server.refreshTokensSeen()).containsExactly(TikTokProtocolServer.REFRESH_TOKEN);
    }

    @Test
    void aPublisherKilledAfterTikTokAcceptedTheVideoUploadsNothingTwice() throws Exception {
        VideoRendered v = claimed();
        server.moderationLasts(3);
        TikTokSettings s = server.settings(CHUNK, false, 2);
        TikTokClients clients = new TikTokClients(s, Clock.systemUTC());

        // Uploaded and accepted; moderation outlasts the attempt's two status fetches.
        assertThatThrownBy(() -> platform(clients, s, 3).upload(request(v, NOW)))
                .isInstanceOf(PlatformAdapter.Refused.class)
                .hasMessageContaining("still processing or moderating")
                .satisfies(e -> assertThat(((PlatformAdapter.Refused) e).retryAt()).isNotNull());
        String publishId =
                new UploadSessions(jdbi).uploadId(UUID.fromString(v.getVideoId()), "TIKTOK").get();

        // A new adapter over the same store polls the same post; nothing is sent again.
        PlatformAdapter.Upload up = platform(clients, s, 3).upload(request(v, NOW + 120_000));
        assertThat(server.inits()).isEqualTo(1);
        assertThat(server.posts()).containsOnlyKeys(publishId);
        assertThat(server.contentRanges()).hasSize(2);
        assertThat(server.bytesReceived()).isEqualTo(SIZE);
        assertThat(server.statusFetches()).isEqualTo(4);
        assertThat(up.platformVideoId()).isNotBlank();
    }

    @Test
    void spamRiskTooManyPostsDefersToTheNextDayAndThenPosts() throws Exception {
        VideoRendered v = claimed();
        server.tooManyPostsToday(true);
        TikTokSettings s = server.settings(CHUNK, false, 3);
        TikTokClients clients = new TikTokClients(s, Clock.systemUTC());

        PlatformAdapter.Refused r =
                org.junit.jupiter.api.Assertions.assertThrows(
                        PlatformAdapter.Refused.class,
                        () -> platform(clients, s, 3).upload(request(v, NOW)));
        long tomorrow = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
        assertThat(r.retryAt()).isEqualTo(tomorrow);
        assertThat(r.getMessage()).contains("spam_risk_too_many_posts");
        assertThat(new UploadSessions(jdbi).uploadId(UUID.fromString(v.getVideoId()), "TIKTOK"))
                .isEmpty();
        assertThat(server.contentRanges()).isEmpty();

        server.tooManyPostsToday(false);
        PlatformAdapter.Upload up = platform(clients, s, 3).upload(request(v, tomorrow));
        assertThat(server.inits()).isEqualTo(2);
        assertThat(server.posts()).hasSize(1);
        assertThat(up.publishedAt()).isEqualTo(tomorrow);
    }

    @Test
    void theSixInitsAMinuteLedgerDefersTheSeventhToTheNextMinute() throws Exception {
        RateWindowLedger rates = new RateWindowLedger(jdbi);
        for (int i = 0; i < TikTokPlatform.INITS_PER_MINUTE; i++) {
            assertThat(rates.take("TIKTOK:init", NOW, Duration.ofMinutes(1), 6)).isTrue();
        }
        VideoRendered v = claimed();
        TikTokSettings s = server.settings(CHUNK, false, 3);
        PlatformAdapter.Refused r =
                org.junit.jupiter.api.Assertions.assertThrows(
                        PlatformAdapter.Refused.class,
                        () ->
                                platform(new TikTokClients(s, Clock.systemUTC()), s, 3)
                                        .upload(request(v, NOW)));
        assertThat(r.retryAt()).isEqualTo(Instant.parse("2026-11-21T10:01:00Z").toEpochMilli());
        assertThat(server.inits()).isZero();
        assertThat(rates.used("TIKTOK:init", NOW, Duration.ofMinutes(1))).isEqualTo(6);
    }

    @Test
    void anAuditedClientPostsPubliclyAndSmallFilesGoWhole() throws Exception {
        assertThat(TikTokChunks.of(3 * MIB, CHUNK))
                .isEqualTo(new TikTokChunks(3 * MIB, 3 * MIB, 1));
        assertThat(TikTokChunks.of(SIZE, CHUNK).count()).isEqualTo(2);
        TikTokChunks big = TikTokChunks.of(10_000L * CHUNK + 7, CHUNK);
        assertThat(big.count()).isLessThanOrEqualTo(1000);
        assertThat(big.end(big.count() - 1)).isEqualTo(10_000L * CHUNK + 7);
        assertThat(
                        new TikTokPlatform(
                                        null,
                                        null,
                                        null,
                                        server.settings(CHUNK, true, 1),
                                        0,
                                        Duration.ZERO)
                                .privacyLevel(
                                        new TikTokClient.CreatorInfo(
                                                "x",
                                                List.of("PUBLIC_TO_EVERYONE", "SELF_ONLY"),
                                                600)))
                .isEqualTo("PUBLIC_TO_EVERYONE");
    }

    private TikTokPlatform platform(TikTokClients clients, TikTokSettings s, int retries) {
        return new TikTokPlatform(
                clients.client(),
                new UploadSessions(jdbi),
                new RateWindowLedger(jdbi),
                s,
                retries,
                Duration.ofMillis(10));
    }

    private VideoRendered claimed() throws Exception {
        VideoRendered v = rows.recorded(rows.rendered(rows.job(10), SIZE));
        new PublicationStore(jdbi).claim(UUID.fromString(v.getVideoId()), "TIKTOK");
        return v;
    }

    private PlatformAdapter.UploadRequest request(VideoRendered v, long now) {
        return new PlatformAdapter.UploadRequest(
                v.getVideoId(),
                Platform.TIKTOK,
                rows.file(v),
                v.getDurationMs(),
                v.getTitle(),
                "",
                List.of(),
                10,
                now);
    }
}
