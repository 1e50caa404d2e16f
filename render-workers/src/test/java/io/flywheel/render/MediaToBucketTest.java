package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.S3Server;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.storage.ObjectStore;
import io.flywheel.storage.S3ObjectStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A render with storage.url pointing at a real S3-compatible bucket (s3proxy). */
class MediaToBucketTest {
    @TempDir Path data;

    @Test
    void theFinishedVideoThumbnailsAndCaptionsLandInTheBucketUnderMedia() throws Exception {
        S3Server s3 = Ephemeral.s3();
        Map<String, String> storage = new HashMap<>();
        storage.put("storage.url", s3.spec().storage().url());
        storage.put("storage.s3.endpoint", s3.spec().endpoint());
        storage.put("storage.s3.access.key", s3.spec().accessKey().reveal());
        storage.put("storage.s3.secret.key", s3.spec().secretKey().reveal());
        FlywheelConfig config = TestJobs.config(data, storage);
        Path mediaRoot = RenderSetup.mediaRoot(config);
        try (ObjectStore store = ObjectStore.of(config)) {
            assertThat(store).isInstanceOf(S3ObjectStore.class);
            RenderPipeline pipeline =
                    new RenderPipeline(
                            RenderSetup.providers(config, RenderSetup.budget()),
                            mediaRoot,
                            new MediaPublisher(store, mediaRoot));
            String jobId = UUID.randomUUID().toString();
            RenderJob job =
                    new RenderJob(
                            jobId,
                            UUID.randomUUID().toString(),
                            TestJobs.params(
                                    Platform.TIKTOK, 5, CaptionStyle.SENTENCE, MusicMood.NONE),
                            Optional.of("Bucket test"),
                            Optional.of("One short line for the bucket. And a second one."),
                            List.of(new RenditionSpec("v", 240, 426)),
                            false);

            RenderResult r = pipeline.run(job, new RecordedEvents());

            List<String> keys = store.list("media/jobs/" + jobId + "/");
            assertThat(keys)
                    .containsExactlyInAnyOrderElementsOf(MediaPublisher.keys(r))
                    .hasSize(1 + r.thumbnailUris().size() + 2);
            assertThat(keys).anyMatch(k -> k.endsWith(".mp4")).anyMatch(k -> k.endsWith(".vtt"));
            for (String key : keys) {
                Path local = mediaRoot.resolve(key.substring("media/".length()));
                assertThat(store.size(key)).contains(Files.size(local));
            }
            String video = "media/" + r.renditions().get(0).uri();
            byte[] local = Files.readAllBytes(mediaRoot.resolve(r.renditions().get(0).uri()));
            try (InputStream in = store.get(video, 100, 1000)) {
                byte[] part = in.readAllBytes();
                assertThat(part).hasSize(1000);
                assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(local, 100, 1100));
            }

            // A redelivered job resumes from its checkpoints and stores the same keys again.
            pipeline.run(job, new RecordedEvents());
            assertThat(store.list("media/jobs/" + jobId + "/")).isEqualTo(keys);
        }
    }
}
