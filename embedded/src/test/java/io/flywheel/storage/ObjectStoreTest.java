package io.flywheel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.StorageSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for the data directory and a real S3-compatible bucket (s3proxy). */
class ObjectStoreTest {
    @TempDir static Path root;

    static Stream<Arguments> stores() throws IOException {
        S3Server s3 = Ephemeral.s3();
        StorageSettings base = s3.spec().storage();
        StorageSettings prefixed =
                new StorageSettings(
                        base.url() + "/team-a",
                        base.s3Endpoint(),
                        base.s3Region(),
                        true,
                        base.s3AccessKey(),
                        base.s3SecretKey(),
                        base.s3ServerPort());
        return Stream.of(
                Arguments.of(
                        "directory",
                        new DirectoryObjectStore(Files.createTempDirectory(root, "d"))),
                Arguments.of("s3", new S3ObjectStore(base)),
                Arguments.of("s3-prefixed", new S3ObjectStore(prefixed)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void putsReadsRangesListsAndDeletes(String name, ObjectStore store) throws Exception {
        try (store) {
            Path file = Files.writeString(root.resolve(name + ".bin"), "0123456789abcdef");
            store.put("media/jobs/j1/a.mp4", file);
            store.put("media/jobs/j1/b.png", Files.writeString(root.resolve(name + ".png"), "png"));
            store.put("models/ctr/v1/metadata.json", file);

            assertThat(store.size("media/jobs/j1/a.mp4")).contains(16L);
            assertThat(store.size("media/jobs/j1/none.mp4")).isEmpty();
            assertThat(read(store.get("media/jobs/j1/a.mp4", 0, 16))).isEqualTo("0123456789abcdef");
            assertThat(read(store.get("media/jobs/j1/a.mp4", 2, 4))).isEqualTo("2345");
            assertThat(read(store.get("media/jobs/j1/a.mp4", 15, 1))).isEqualTo("f");
            assertThat(store.list("media/"))
                    .containsExactly("media/jobs/j1/a.mp4", "media/jobs/j1/b.png");
            assertThat(store.list("models/ctr/")).containsExactly("models/ctr/v1/metadata.json");
            assertThat(store.list("nothing/")).isEmpty();
            assertThatThrownBy(() -> store.get("media/jobs/j1/none.mp4", 0, 1).close())
                    .isInstanceOf(NoSuchFileException.class);

            Path copy = root.resolve(name + "-copy/a.mp4");
            store.download("media/jobs/j1/a.mp4", copy);
            assertThat(Files.readString(copy)).isEqualTo("0123456789abcdef");

            store.delete("media/jobs/j1/a.mp4");
            store.delete("media/jobs/j1/a.mp4");
            assertThat(store.size("media/jobs/j1/a.mp4")).isEmpty();
            assertThat(store.list("media/")).containsExactly("media/jobs/j1/b.png");
            assertThat(store.keyOf(store.uri("models/ctr/v1/metadata.json")))
                    .contains("models/ctr/v1/metadata.json");
            store.delete("media/jobs/j1/b.png");
            store.delete("models/ctr/v1/metadata.json");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void publishesADirectoryUnderAPrefix(String name, ObjectStore store) throws Exception {
        try (store) {
            Path dir = Files.createDirectories(root.resolve(name + "-model/v7"));
            Files.writeString(dir.resolve("metadata.json"), "{}");
            Files.writeString(dir.resolve("member-00.ubj"), "b0");
            Files.createDirectories(dir.resolve("plots"));
            Files.writeString(dir.resolve("plots/importance.png"), "p");

            assertThat(store.putDirectory("models/ctr/v7", dir)).isEqualTo(3);
            assertThat(store.list("models/ctr/v7/"))
                    .containsExactly(
                            "models/ctr/v7/member-00.ubj",
                            "models/ctr/v7/metadata.json",
                            "models/ctr/v7/plots/importance.png");
            for (String k : store.list("models/")) {
                store.delete(k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void refusesKeysThatLeaveTheStore(String name, ObjectStore store) throws Exception {
        try (store) {
            Path file = Files.writeString(root.resolve(name + ".x"), "x");
            for (String bad :
                    new String[] {
                        "../x", "/etc/passwd", "media//a", "media/../../x", ".hidden", ""
                    }) {
                assertThatThrownBy(() -> store.put(bad, file), bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(store.keyOf("file:/etc/passwd")).isEmpty();
            assertThat(store.keyOf("s3://other-bucket/media/a")).isEmpty();
        }
    }

    @Test
    void theDataDirectoryStoreLeavesAFileAlreadyInPlaceAlone(@TempDir Path data) throws Exception {
        DirectoryObjectStore store = new DirectoryObjectStore(data);
        Path inPlace = Files.createDirectories(data.resolve("media/jobs/j1")).resolve("v.mp4");
        Files.writeString(inPlace, "video");
        long modified = Files.getLastModifiedTime(inPlace).toMillis();

        store.put("media/jobs/j1/v.mp4", inPlace);

        assertThat(Files.readString(inPlace)).isEqualTo("video");
        assertThat(Files.getLastModifiedTime(inPlace).toMillis()).isEqualTo(modified);
        assertThat(store.uri("media/jobs/j1/v.mp4")).isEqualTo(inPlace.toUri().toString());
    }

    @Test
    void aPrefixedBucketKeepsItsObjectsUnderThePrefix() throws Exception {
        S3Server s3 = Ephemeral.s3();
        StorageSettings base = s3.spec().storage();
        try (S3ObjectStore store =
                new S3ObjectStore(
                        new StorageSettings(
                                base.url() + "/team-b",
                                base.s3Endpoint(),
                                base.s3Region(),
                                true,
                                base.s3AccessKey(),
                                base.s3SecretKey(),
                                base.s3ServerPort()))) {
            store.put("media/x.vtt", Files.writeString(root.resolve("x.vtt"), "WEBVTT"));
            assertThat(store.uri("media/x.vtt")).isEqualTo(base.url() + "/team-b/media/x.vtt");
            assertThat(
                            Files.readString(
                                    s3.spec()
                                            .objectDir()
                                            .resolve(s3.spec().bucket())
                                            .resolve("team-b/media/x.vtt")))
                    .isEqualTo("WEBVTT");
            store.delete("media/x.vtt");
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
