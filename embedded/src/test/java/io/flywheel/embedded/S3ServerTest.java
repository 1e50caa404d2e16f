package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import io.flywheel.config.StorageSettings;
import io.flywheel.storage.S3Clients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ServerTest {
    @TempDir static Path dataDir;
    static S3Server server;

    @BeforeAll
    static void start() {
        server = Ephemeral.ownS3(dataDir, "media-bucket");
        server.start(false, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void writesReadsRangeReadsListsAndDeletesWithTheAwsSdk() {
        assertThat(server.state().healthy()).isTrue();
        assertThat(server.state().pid()).isPresent();
        try (S3Client s3 = S3Clients.create(server.spec().storage())) {
            byte[] body = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
            s3.putObject(
                    b -> b.bucket("media-bucket").key("media/a.mp4"), RequestBody.fromBytes(body));
            s3.putObject(
                    b -> b.bucket("media-bucket").key("media/b.png"),
                    RequestBody.fromString("png"));
            s3.putObject(
                    b -> b.bucket("media-bucket").key("models/v1/model.json"),
                    RequestBody.fromString("{}"));

            assertThat(
                            s3.getObjectAsBytes(b -> b.bucket("media-bucket").key("media/a.mp4"))
                                    .asByteArray())
                    .isEqualTo(body);
            var range =
                    s3.getObjectAsBytes(
                            b -> b.bucket("media-bucket").key("media/a.mp4").range("bytes=2-5"));
            assertThat(range.asUtf8String()).isEqualTo("2345");
            assertThat(range.response().contentRange()).isEqualTo("bytes 2-5/16");
            assertThat(
                            s3
                                    .listObjectsV2(b -> b.bucket("media-bucket").prefix("media/"))
                                    .contents()
                                    .stream()
                                    .map(S3Object::key))
                    .containsExactly("media/a.mp4", "media/b.png");

            s3.deleteObject(b -> b.bucket("media-bucket").key("media/a.mp4"));
            assertThat(
                            s3
                                    .listObjectsV2(b -> b.bucket("media-bucket").prefix("media/"))
                                    .contents()
                                    .stream()
                                    .map(S3Object::key))
                    .containsExactly("media/b.png");
            // The objects are plain files under the data directory.
            assertThat(Files.exists(dataDir.resolve("s3/media-bucket/media/b.png"))).isTrue();
        }
    }

    @Test
    void refusesUnsignedRequestsAndAWrongSecret() throws Exception {
        HttpResponse<String> unsigned =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        server.spec().endpoint()
                                                                + "/media-bucket?list-type=2"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("AccessDenied");

        StorageSettings right = server.spec().storage();
        StorageSettings wrong =
                new StorageSettings(
                        right.url(),
                        right.s3Endpoint(),
                        right.s3Region(),
                        true,
                        right.s3AccessKey(),
                        Secret.of("not-the-secret"),
                        right.s3ServerPort());
        try (S3Client s3 = S3Clients.create(wrong)) {
            assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("media-bucket")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
            // s3proxy answers 403 before the body (Expect: 100-continue); either way no object.
            assertThatThrownBy(
                            () ->
                                    s3.putObject(
                                            b -> b.bucket("media-bucket").key("media/x"),
                                            RequestBody.fromString("x")))
                    .isInstanceOf(SdkException.class);
        }
        assertThat(Files.exists(dataDir.resolve("s3/media-bucket/media/x"))).isFalse();
        S3Server impostor =
                new S3Server(
                        new S3Server.Spec(
                                server.spec().host(),
                                server.spec().port(),
                                dataDir,
                                server.spec().home(),
                                "media-bucket",
                                server.spec().accessKey(),
                                Secret.of("not-the-secret"),
                                "256m"));
        assertThat(impostor.health().ok()).isFalse();
        assertThat(impostor.health().detail()).contains("403");
    }

    @Test
    void withoutCredentialsTheServerExitsWithAClearError(@TempDir Path other) {
        S3Server noKeys =
                new S3Server(
                        new S3Server.Spec(
                                "127.0.0.1",
                                FreePorts.pick(),
                                other,
                                server.spec().home(),
                                "b",
                                Secret.of(""),
                                Secret.of(""),
                                "128m"));
        assertThatThrownBy(() -> noKeys.start(false, Duration.ofSeconds(60)))
                .hasMessageContaining("s3-server exited with 2")
                .hasMessageContaining("FLYWHEEL_STORAGE_S3_SECRET_KEY");
        assertThat(noKeys.process()).isEmpty();
        assertThat(List.of(server.spec().environment().keySet().toArray()))
                .contains("FLYWHEEL_STORAGE_URL", "FLYWHEEL_STORAGE_S3_ENDPOINT");
    }
}
