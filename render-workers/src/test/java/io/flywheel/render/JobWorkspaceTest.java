package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.Stage;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobWorkspaceTest {
    @TempDir Path media;

    @Test
    void pathsStayInsideTheJobDirectoryAndCheckpointsRoundTrip() throws Exception {
        String id = UUID.randomUUID().toString();
        JobWorkspace ws = new JobWorkspace(media, id);
        assertThat(
                        ws.path("captions/1-360x640/cap-00001.png")
                                .startsWith(media.resolve("jobs/" + id)))
                .isTrue();
        assertThatThrownBy(() -> ws.path("../other/x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.path("/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.path("a/$(id).png"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.uri(ws.path("renditions/a.mp4")))
                .isEqualTo("jobs/" + id + "/renditions/a.mp4");

        assertThat(ws.checkpoint(Stage.MUSIC, RenderPipeline.MusicCheckpoint.class)).isEmpty();
        ws.complete(Stage.MUSIC, new RenderPipeline.MusicCheckpoint("/x/music.wav"));
        assertThat(
                        new JobWorkspace(media, id)
                                .checkpoint(Stage.MUSIC, RenderPipeline.MusicCheckpoint.class))
                .contains(new RenderPipeline.MusicCheckpoint("/x/music.wav"));
    }

    @Test
    void jobIdsMustBeUuids() {
        assertThatThrownBy(
                        () ->
                                new RenderJob(
                                        "../../etc",
                                        UUID.randomUUID().toString(),
                                        null,
                                        java.util.Optional.empty(),
                                        java.util.Optional.empty(),
                                        java.util.List.of(),
                                        false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
