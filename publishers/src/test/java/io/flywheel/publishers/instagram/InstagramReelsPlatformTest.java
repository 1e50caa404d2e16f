package io.flywheel.publishers.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.InstagramSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.publishers.youtube.Rows;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.Database;
import io.flywheel.store.PublicationStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Reels adapter against a local server speaking the Graph API, on real PostgreSQL. */
class InstagramReelsPlatformTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;
    private InstagramProtocolServer server;
    private Rows rows;

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("instagram"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "ig-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new InstagramProtocolServer();
        rows = new Rows(jdbi, dir.resolve("media"), NOW);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aContainerInProgressThenFinishedIsPublishedFromASignedLink() throws Exception {
        VideoRendered v = claimed();
        server.inProgressFor(2);
        InstagramSettings s = server.settings(5);

        PlatformAdapter.Upload up =
                platform(new InstagramClients(s, Clock.systemUTC()), s).upload(request(v, NOW));

        assertThat(server.containers()).hasSize(1);
        InstagramProtocolServer.Container c = server.containers().values().iterator().next();
        assertThat(server.statusReads()).as("IN_PROGRESS twice, then FINISHED").isEqualTo(3);
        assertThat(server.publishes()).isEqualTo(1);
        assertThat(server.limitReads())
                .as("before the container and before publishing")
                .isEqualTo(2);
        assertThat(up.platformVideoId()).isEqualTo(c.mediaId);
        assertThat(c.form).containsEntry("media_type", "REELS");
        assertThat(c.form.get("caption")).startsWith(v.getTitle());

        // video_url: the file under the API's media route, signed (checked here independently).
        String rel = v.getRenditions().get(0).getUri();
        URI link = URI.create(c.form.get("video_url"));
        assertThat(link.getScheme() + "://" + link.getHost() + link.getPath())
                .isEqualTo("https://flywheel.example.org/v1/media/" + rel);
        Map<String, String> q = query(link.getRawQuery());
        long expires = Long.parseLong(q.get("expires"));
        assertThat(expires).isEqualTo(NOW / 1000 + SignedMediaLinks.TTL.toSeconds());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
                new SecretKeySpec(
                        InstagramProtocolServer.LINK_KEY.getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"));
        String sig =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                mac.doFinal(
                                        (rel + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        assertThat(q.get("sig")).isEqualTo(sig);
    }

    @Test
    void theReachedPublishingLimitDefersAndTheNextAttemptPublishes() throws Exception {
        VideoRendered v = claimed();
        server.quota(50, 50);
        InstagramSettings s = server.settings(3);
        InstagramClients clients = new InstagramClients(s, Clock.systemUTC());

        PlatformAdapter.Refused r =
                assertThrows(
                        PlatformAdapter.Refused.class,
                        () -> platform(clients, s).upload(request(v, NOW)));
        assertThat(r.retryAt()).isEqualTo(NOW + 60 * 60_000L);
        assertThat(r.getMessage()).contains("50 of 50 in 24 h");
        assertThat(server.containers()).isEmpty();

        server.quota(49, 50); // one post dropped out of the rolling 24 h
        PlatformAdapter.Upload up = platform(clients, s).upload(request(v, r.retryAt()));
        assertThat(server.publishes()).isEqualTo(1);
        assertThat(up.publishedAt()).isEqualTo(r.retryAt());
    }

    @Test
    void aPublisherStoppedAfterInstagramAcceptedTheVideoNeverPublishesItTwice() throws Exception {
        VideoRendered v = claimed();
        server.inProgressFor(3);
        InstagramSettings s = server.settings(2);
        InstagramClients clients = new InstagramClients(s, Clock.systemUTC());

        PlatformAdapter.Refused r =
                assertThrows(
                        PlatformAdapter.Refused.class,
                        () -> platform(clients, s).upload(request(v, NOW)));
        assertThat(r.getMessage()).contains("still processing");
        assertThat(r.retryAt()).isEqualTo(NOW + 60_000);

        // A new adapter over the same store reuses the container.
        PlatformAdapter.Upload up = platform(clients, s).upload(request(v, NOW + 60_000));
        assertThat(server.containers()).hasSize(1);
        assertThat(server.publishes()).isEqualTo(1);

        // Killed after media_publish answered but before the publication was marked: the retry
        // finds the recorded media id and publishes nothing.
        PlatformAdapter.Upload again = platform(clients, s).upload(request(v, NOW + 120_000));
        assertThat(again.platformVideoId()).isEqualTo(up.platformVideoId());
        assertThat(server.containers()).hasSize(1);
        assertThat(server.publishes()).isEqualTo(1);
        assertThat(
                        new UploadSessions(jdbi)
                                .mediaId(UUID.fromString(v.getVideoId()), "INSTAGRAM_REELS"))
                .contains(up.platformVideoId());
    }

    private InstagramReelsPlatform platform(InstagramClients clients, InstagramSettings s) {
        return new InstagramReelsPlatform(
                clients.client(),
                new UploadSessions(jdbi),
                clients.links(),
                dir.resolve("media"),
                s);
    }

    private VideoRendered claimed() throws Exception {
        VideoRendered v = rows.recorded(rows.rendered(rows.job(10), 300_000));
        new PublicationStore(jdbi).claim(UUID.fromString(v.getVideoId()), "INSTAGRAM_REELS");
        return v;
    }

    private PlatformAdapter.UploadRequest request(VideoRendered v, long now) {
        return new PlatformAdapter.UploadRequest(
                v.getVideoId(),
                Platform.INSTAGRAM_REELS,
                rows.file(v),
                v.getDurationMs(),
                v.getTitle(),
                "#reels",
                List.of(),
                10,
                now);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], p[1]);
        }
        return out;
    }
}
