package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.render.media.BundledFfmpeg;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.worker.RenderWorkerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which ffmpeg the pipeline runs. Needs Debian 12's own {@code ffmpeg} package (5.1) installed, as
 * {@code ./flywheel test} does: the one a user is likely to have, which cannot run QA.
 */
class FfmpegSelectionTest {
    static final Path DEBIAN_FFMPEG = Path.of("/usr/bin/ffmpeg");

    @TempDir Path dir;

    @Test
    void theBundledFfmpegGivenAsConfiguredPassesThePipelineCheck() {
        FfmpegBinaries bundled = BundledFfmpeg.extract(dir.resolve("cache"));

        FfmpegBinaries chosen =
                FfmpegSelection.locate(Optional.of(bundled.ffmpeg()), dir.resolve("cache"));

        assertThat(chosen.origin()).isEqualTo("configured");
        assertThat(chosen.ffmpeg()).isEqualTo(bundled.ffmpeg());
        assertThat(chosen.ffprobe()).isEqualTo(bundled.ffprobe());
        assertThat(chosen.describe())
                .isEqualTo("configured " + bundled.ffmpeg() + " 7.1: passed the pipeline check");
    }

    @Test
    void aRecordedResultIsReusedUntilTheBinaryChanges() throws Exception {
        Path cache = dir.resolve("cache");
        FfmpegBinaries bundled = BundledFfmpeg.extract(cache);
        FfmpegSelection.locate(Optional.of(bundled.ffmpeg()), cache);
        Path file = cache.resolve("ffmpeg-checks.properties");
        Properties recorded = new Properties();
        try (var in = Files.newInputStream(file)) {
            recorded.load(in);
        }
        assertThat(recorded).hasSize(1);
        String key = (String) recorded.keys().nextElement();
        assertThat(key).startsWith(bundled.ffmpeg() + " ");
        assertThat(recorded.getProperty(key)).isEqualTo("passed");

        // Another process (no result in memory) reads the file instead of checking again.
        recorded.setProperty(key, "failed\tQA\trecorded here");
        try (var out = Files.newOutputStream(file)) {
            recorded.store(out, null);
        }
        FfmpegSelection.forgetChecks();
        assertThatThrownBy(() -> FfmpegSelection.locate(Optional.of(bundled.ffmpeg()), cache))
                .hasMessageContaining("cannot run the pipeline: QA command failed: recorded here");

        // A changed binary (here: its modification time) is checked again.
        Files.setLastModifiedTime(
                bundled.ffmpeg(), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        FfmpegSelection.forgetChecks();
        assertThat(FfmpegSelection.locate(Optional.of(bundled.ffmpeg()), cache).origin())
                .isEqualTo("configured");
        Properties after = new Properties();
        try (var in = Files.newInputStream(file)) {
            after.load(in);
        }
        assertThat(after).hasSize(2).containsValue("passed");
    }

    @Test
    void debiansFfmpeg51FailsTheLoudnessMeasurementOfTheCheck() throws Exception {
        assertThat(FfmpegBinaries.version(DEBIAN_FFMPEG)).startsWith("5.1");

        Optional<PipelineCheck.Failure> failure =
                PipelineCheck.run(
                        new FfmpegBinaries(
                                DEBIAN_FFMPEG, DEBIAN_FFMPEG.resolveSibling("ffprobe"), "system"),
                        dir.resolve("check"));

        assertThat(failure).isPresent();
        assertThat(failure.get().step()).isEqualTo("audio mix");
        assertThat(failure.get().message())
                .isEqualTo(
                        "[ebur128] Error setting option framelog to value quiet. (ffmpeg exited with 1)");
        assertThat(dir.resolve("check")).doesNotExist();
    }

    @Test
    void withDebiansFfmpegOnThePathTheBundledOneIsUsedAndTheReasonSaid() {
        assertThat(FfmpegSelection.onPath()).contains(DEBIAN_FFMPEG);
        String debian = FfmpegBinaries.version(DEBIAN_FFMPEG);

        FfmpegBinaries chosen = FfmpegSelection.locate(Optional.empty(), dir.resolve("cache"));

        assertThat(chosen.origin()).isEqualTo("bundled");
        assertThat(FfmpegBinaries.version(chosen.ffmpeg())).isEqualTo("7.1");
        assertThat(chosen.describe())
                .isEqualTo(
                        "bundled 7.1 "
                                + chosen.ffmpeg()
                                + ": /usr/bin/ffmpeg "
                                + debian
                                + " failed the pipeline check: audio mix command failed: [ebur128] Error"
                                + " setting option framelog to value quiet. (ffmpeg exited with 1)")
                .doesNotContain("\n");
    }

    @Test
    void aConfiguredFfmpegThatFailsTheCheckStopsWithTheFailingCommand() {
        assertThatThrownBy(
                        () -> FfmpegSelection.locate(Optional.of(DEBIAN_FFMPEG), dir.resolve("c")))
                .isInstanceOf(FfmpegSelection.UnusableFfmpegException.class)
                .hasMessageStartingWith("render.ffmpeg.path /usr/bin/ffmpeg (ffmpeg 5.1")
                .hasMessageContaining(
                        ") cannot run the pipeline: audio mix command failed: [ebur128] Error setting"
                                + " option framelog to value quiet. (ffmpeg exited with 1); ")
                .hasMessageEndingWith(
                        "; use another build or leave render.ffmpeg.path empty to use the bundled"
                                + " ffmpeg");
    }

    @Test
    void aWorkerWhoseConfiguredFfmpegFailsStopsAtStartAndSaysWhyInItsStatusFile() {
        var config =
                TestJobs.config(
                        dir.resolve("data"),
                        Map.of("render.ffmpeg.path", DEBIAN_FFMPEG.toString()));

        assertThatThrownBy(() -> RenderWorkerMain.start(config, "w9"))
                .isInstanceOf(FfmpegSelection.UnusableFfmpegException.class);

        Path status = dir.resolve("data/run/w9.ffmpeg");
        assertThat(status).isEqualTo(RenderWorkerMain.ffmpegStatusFile(config, "w9"));
        assertThat(status)
                .content()
                .startsWith("none: render.ffmpeg.path /usr/bin/ffmpeg (ffmpeg 5.1")
                .contains("audio mix command failed: [ebur128] Error setting option framelog")
                .endsWith(" ffmpeg\n")
                .hasLineCount(1);
    }

    @Test
    void aConfiguredPathThatIsNoFfmpegStopsWithTheReason() throws Exception {
        Path fake = dir.resolve("bin/ffmpeg");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\necho 'not really' >&2\nexit 3\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> FfmpegSelection.locate(Optional.of(fake), dir.resolve("c")))
                .isInstanceOf(FfmpegSelection.UnusableFfmpegException.class)
                .hasMessage(
                        "render.ffmpeg.path "
                                + fake
                                + ": no executable ffprobe beside it; leave render.ffmpeg.path"
                                + " empty to use the bundled ffmpeg");
        Files.copy(fake, fake.resolveSibling("ffprobe"));
        assertThatThrownBy(() -> FfmpegSelection.locate(Optional.of(fake), dir.resolve("c")))
                .isInstanceOf(FfmpegSelection.UnusableFfmpegException.class)
                .hasMessage(
                        "render.ffmpeg.path "
                                + fake
                                + " does not run: not really (ffmpeg exited with 3)");
    }
}
