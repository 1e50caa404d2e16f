package io.flywheel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.embedded.Ephemeral;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactsTest {
    @TempDir Path trainer;
    @TempDir Path reader;

    static Path version(Path root, String name, int v) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve("v" + v));
        Files.writeString(dir.resolve("metadata.json"), "{\"version\":" + v + "}");
        Files.writeString(dir.resolve("member-00.ubj"), "booster-" + v);
        return dir;
    }

    @Test
    void withoutABucketTheArtifactIsTheVersionsFileUriAndNothingIsCopied() throws Exception {
        Path dir = version(trainer, "ctr", 1);
        ModelArtifacts local = ModelArtifacts.local(trainer);

        String uri = local.publish(dir);

        assertThat(uri).isEqualTo(dir.toUri().toString());
        assertThat(local.localDir(uri)).isEqualTo(dir);
        assertThat(local.shared()).isFalse();
        assertThatThrownBy(() -> local.localDir("s3://b/models/ctr/v1/"))
                .hasMessageContaining("storage.url is empty");
    }

    @Test
    void aVersionPublishedToTheBucketIsMirroredWholeIntoAReadersModelDirectory() throws Exception {
        try (ObjectStore store = new S3ObjectStore(Ephemeral.s3().spec().storage())) {
            Path dir = version(trainer, "ctr", 2);
            String uri = new ModelArtifacts(store, trainer).publish(dir);
            assertThat(uri).isEqualTo(store.uri("models/ctr/v2") + "/");
            assertThat(store.list("models/ctr/v2/"))
                    .containsExactly("models/ctr/v2/member-00.ubj", "models/ctr/v2/metadata.json");

            ModelArtifacts r = new ModelArtifacts(store, reader);
            Path mirrored = r.localDir(uri);

            assertThat(mirrored).isEqualTo(reader.resolve("ctr/v2"));
            assertThat(Files.readString(mirrored.resolve("member-00.ubj"))).isEqualTo("booster-2");
            assertThat(Files.readString(mirrored.resolve("metadata.json")))
                    .isEqualTo("{\"version\":2}");
            try (Stream<Path> s = Files.list(reader.resolve("ctr"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("v2");
            }
            // Mirrored once: a second reader call does not fetch again.
            store.delete("models/ctr/v2/member-00.ubj");
            assertThat(r.localDir(uri)).isEqualTo(mirrored);

            assertThatThrownBy(() -> r.localDir("s3://another-bucket/models/ctr/v2/"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> r.localDir(store.uri("models/ctr/v9") + "/"))
                    .hasMessageContaining("cannot fetch model")
                    .hasMessageContaining("holds no files");
            assertThat(Files.exists(reader.resolve("ctr/v9"))).isFalse();
            assertThatThrownBy(() -> new ModelArtifacts(store, trainer).publish(reader))
                    .isInstanceOf(IllegalArgumentException.class);
            store.delete("models/ctr/v2/metadata.json");
        }
    }
}
