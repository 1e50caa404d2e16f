package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.VideoFrames;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.UserScript;
import io.flywheel.render.visuals.KenBurns;
import io.flywheel.render.visuals.ProceduralSceneImages;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real video's layout: QA (which now checks the text boxes) passes it, and in its files the hook
 * title, as drawn, ends above the first scene's icon wherever the zoom takes it, so the title never
 * sits over the icon again.
 */
class LayoutQaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path data;

    @Test
    void theTitleAsDrawnStaysAboveTheFirstScenesIconThroughItsZoom() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        String title = "The seven money rules nobody told you about before you turned twenty";
        String script =
                "Extraordinarily uncomfortable conversations about salaries pay off.\n\n"
                        + "Automate a transfer to savings the day you get paid.";
        ContentParameters params =
                TestJobs.params(Platform.TIKTOK, 8, CaptionStyle.WORD_HIGHLIGHT, MusicMood.NONE);
        String jobId = UUID.randomUUID().toString();
        RecordedEvents events = new RecordedEvents();
        List<RenditionSpec> specs =
                List.of(new RenditionSpec("v", 360, 640), new RenditionSpec("sq", 360, 360));

        new RenderPipeline(providers, RenderSetup.mediaRoot(config))
                .run(
                        new RenderJob(
                                jobId,
                                UUID.randomUUID().toString(),
                                params,
                                Optional.of(title),
                                Optional.of(script),
                                specs,
                                false),
                        events);

        assertThat(events.lines).contains("completed QA ffprobe 1");
        Path job = RenderSetup.mediaRoot(config).resolve("jobs/" + jobId);
        Script.Scene first = UserScript.parse(script, Optional.of(title), params).scenes().get(0);
        for (int i = 0; i < specs.size(); i++) {
            RenditionSpec s = specs.get(i);
            String key = RenderStages.renditionKey(i, s);
            BufferedImage titleImage =
                    ImageIO.read(job.resolve("captions/" + key + "/title.png").toFile());
            JsonNode rect =
                    JSON.readTree(job.resolve("stages/captions.json").toFile())
                            .findValue("tracks")
                            .path(key)
                            .path("titleRect");
            int titleX = rect.path(0).asInt();
            int titleY = rect.path(1).asInt();
            int titleBottom = titleY + lastOpaqueRow(titleImage);
            int pw = ((int) Math.round(s.getWidth() * KenBurns.MARGIN)) & ~1;
            int ph = ((int) Math.round(s.getHeight() * KenBurns.MARGIN)) & ~1;
            BufferedImage picture =
                    ImageIO.read(job.resolve("scenes/" + key + "/scene-1.jpg").toFile());
            assertThat(picture.getWidth()).isEqualTo(pw);
            float[] icon =
                    ProceduralSceneImages.layout(first, params.getVisualStyle(), pw, ph).iconBox();
            KenBurns zoom = KenBurns.forScene(0);
            for (int step = 0; step <= 10; step++) {
                double iconTop = zoom.frameY(icon[1] / ph, step / 10.0) * s.getHeight();
                assertThat(iconTop)
                        .as("%s: the icon's top at %d/10 of the zoom", key, step)
                        .isGreaterThan(titleBottom);
            }
            // The video's frame at 1 s shows the title where its image was placed: its white
            // letters are bright in the frame.
            BufferedImage frame =
                    frame(
                            providers,
                            job.resolve(
                                    "renditions/rendition-"
                                            + (i + 1)
                                            + "-"
                                            + s.getWidth()
                                            + "x"
                                            + s.getHeight()
                                            + ".mp4"));
            int letters = 0;
            int bright = 0;
            for (int y = 0; y < titleImage.getHeight(); y++) {
                for (int x = 0; x < titleImage.getWidth(); x++) {
                    int argb = titleImage.getRGB(x, y);
                    if ((argb >>> 24) == 255 && (argb & 0xffffff) == 0xffffff) {
                        letters++;
                        int rgb = frame.getRGB(titleX + x, titleY + y);
                        double luma =
                                0.299 * ((rgb >> 16) & 255)
                                        + 0.587 * ((rgb >> 8) & 255)
                                        + 0.114 * (rgb & 255);
                        if (luma > 170) {
                            bright++;
                        }
                    }
                }
            }
            assertThat(letters).isGreaterThan(200);
            assertThat((double) bright / letters).isGreaterThan(0.7);
        }
    }

    private static int lastOpaqueRow(BufferedImage img) {
        for (int y = img.getHeight() - 1; y >= 0; y--) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) >>> 24) > 8) {
                    return y;
                }
            }
        }
        return -1;
    }

    private BufferedImage frame(Providers providers, Path video) throws Exception {
        return VideoFrames.at(providers.ffmpeg(), video, 1.0, data);
    }
}
