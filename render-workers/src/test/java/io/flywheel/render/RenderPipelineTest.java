package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderPipelineTest {
    @TempDir Path data;

    @Test
    void hostileTitleAndScriptRenderToValidVideosAndRunNothing() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        RenderPipeline pipeline = new RenderPipeline(providers, RenderSetup.mediaRoot(config));
        String jobId = UUID.randomUUID().toString();
        RenderJob job =
                new RenderJob(
                        jobId,
                        UUID.randomUUID().toString(),
                        TestJobs.params(
                                Platform.TIKTOK, 8, CaptionStyle.WORD_HIGHLIGHT, MusicMood.UPBEAT),
                        Optional.of(TestJobs.HOSTILE_TITLE),
                        Optional.of(TestJobs.HOSTILE_SCRIPT),
                        List.of(
                                new RenditionSpec("v", 360, 640),
                                new RenditionSpec("sq", 360, 360)),
                        false);
        RecordedEvents events = new RecordedEvents();

        RenderResult r = pipeline.run(job, events);

        assertThat(r.renditions()).hasSize(2);
        MediaProbe probe = new MediaProbe(providers.ffmpeg());
        Path media = RenderSetup.mediaRoot(config);
        for (RenderResult.Output o : r.renditions()) {
            MediaProbe.Info info = probe.probe(media.resolve(o.uri()));
            assertThat(info.hasVideo()).isTrue();
            assertThat(info.hasAudio()).isTrue();
            assertThat(info.width()).isEqualTo(o.width());
            assertThat(info.height()).isEqualTo(o.height());
        }
        assertThat(r.loudnessLufs()).isBetween(-15.0, -13.0);
        String srt = Files.readString(media.resolve(r.captionsSrtUri()));
        assertThat(srt).contains("Привет").contains("你好").contains("%{n}");
        assertThat(r.title()).isEqualTo(TestJobs.HOSTILE_TITLE.replace("\\n", "\\n"));
        assertThat(events.lines).contains("completed QA ffprobe 1");

        // The same job again (a redelivery): every stage resumes from its checkpoint.
        RecordedEvents again = new RecordedEvents();
        assertThat(pipeline.run(job, again)).isEqualTo(r);
        assertThat(again.lines).allMatch(l -> l.startsWith("resumed "));
        assertThat(again.lines).hasSize(9);
    }

    @Test
    void aUserScriptThatFailsModerationRejectsTheJobWithTheReason() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        RenderPipeline pipeline =
                new RenderPipeline(
                        RenderSetup.providers(config, RenderSetup.budget()),
                        RenderSetup.mediaRoot(config));
        RenderJob job =
                new RenderJob(
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        TestJobs.params(Platform.TIKTOK, 8, CaptionStyle.SENTENCE, MusicMood.NONE),
                        Optional.empty(),
                        Optional.of("Write to me at someone@example.com for guaranteed returns."),
                        List.of(new RenditionSpec("v", 240, 426)),
                        false);
        RecordedEvents events = new RecordedEvents();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.run(job, events))
                .isInstanceOf(io.flywheel.render.pipeline.StageFailedException.class)
                .hasMessageContaining("moderation_rejected")
                .hasMessageContaining("e-mail address")
                .hasMessageContaining("guaranteed returns");
        assertThat(events.lines)
                .containsExactly(
                        "started SCRIPT user 1",
                        "completed SCRIPT user 1",
                        "started MODERATION rules 1",
                        "failed MODERATION rules 1 moderation_rejected false");
    }

    @Test
    void aBorderlineScriptRendersAndItsEventCarriesTheFlagForReview() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        RenderPipeline pipeline =
                new RenderPipeline(
                        RenderSetup.providers(config, RenderSetup.budget()),
                        RenderSetup.mediaRoot(config));
        RenderJob job =
                new RenderJob(
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        TestJobs.params(Platform.TIKTOK, 8, CaptionStyle.SENTENCE, MusicMood.NONE),
                        Optional.empty(),
                        Optional.of(
                                "Index funds beat stock picking. This is not financial advice."),
                        List.of(new RenditionSpec("v", 240, 426)),
                        false);

        RenderResult r = pipeline.run(job, new RecordedEvents());

        assertThat(r.moderationFlags()).containsExactly("borderline phrase: not financial advice");
        assertThat(r.toEvent("test", UUID.randomUUID().toString(), 1L).getModerationFlags())
                .containsExactly("borderline phrase: not financial advice");
    }
}
