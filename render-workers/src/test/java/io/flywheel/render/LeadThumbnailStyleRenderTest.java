package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.render.assembly.Thumbnails;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code ContentRequested} that names a thumbnail style (the recommender's lead style) is
 * rendered with that style as variant 1, the one a thumbnail test shows first: its frame, its text
 * colour, its files and its row (real ffmpeg, ffprobe and PostgreSQL).
 */
class LeadThumbnailStyleRenderTest {
    private static final ThumbnailStyle LATE = new ThumbnailStyle("late", "title", "cyan");

    @TempDir Path data;

    @Test
    void aJobThatNamesAStyleMakesItVariantOne() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        Path media = RenderSetup.mediaRoot(config);
        ContentRequested e = request();
        e.setRenditions(List.of(new RenditionSpec("v", 360, 640)));
        e.setThumbnailStyle("late/title/cyan");

        RenderResult r =
                new RenderPipeline(providers, media).run(RenderJob.of(e), new RecordedEvents());

        List<ThumbnailVariant> variants = r.thumbnailVariants();
        assertThat(variants).extracting(ThumbnailVariant::variant).containsExactly(1, 2, 3);
        assertThat(variants)
                .extracting(ThumbnailVariant::style)
                .containsExactly(
                        LATE,
                        new ThumbnailStyle("early", "title", "white"),
                        new ThumbnailStyle("middle", "caps", "yellow"));
        double durationS = r.durationMs() / 1000.0;
        ThumbnailVariant first = variants.get(0);
        assertThat(first.frameS())
                .as("variant 1 takes its frame late in the video")
                .isCloseTo(
                        Thumbnails.frameTime(LATE, durationS, RenderPipeline.TITLE_SECONDS + 0.2),
                        within(0.05))
                .isGreaterThan(variants.get(1).frameS());
        assertThat(first.wideUri()).endsWith("-v1.jpg");
        MediaProbe probe = new MediaProbe(providers.ffmpeg());
        MediaProbe.Info wide = probe.probe(media.resolve(first.wideUri()));
        assertThat(wide.width()).isEqualTo(1280);
        assertThat(wide.height()).isEqualTo(720);
        assertThat(wide.videoCodec()).isEqualTo("mjpeg");
        MediaProbe.Info tall = probe.probe(media.resolve(first.tallUri()));
        assertThat(tall.width()).isEqualTo(1080);
        assertThat(tall.height()).isEqualTo(1920);
        // The title is drawn in the lead style's colour: cyan text on variant 1, none on variant 2.
        assertThat(cyanPixels(media.resolve(first.wideUri()))).isGreaterThan(500);
        assertThat(cyanPixels(media.resolve(variants.get(1).wideUri())))
                .isLessThan(cyanPixels(media.resolve(first.wideUri())) / 10);

        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("leadstyle"));
        try (HikariDataSource ds =
                Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "lead")) {
            Database.migrate(ds);
            ThumbnailStore store = new ThumbnailStore(Database.jdbi(ds));
            UUID video = UUID.fromString(r.videoId());
            store.recordVariants(video, variants);
            assertThat(store.variants(video).get(0).style()).isEqualTo(LATE);
            assertThat(store.variants(video).get(0).wideUri()).isEqualTo(first.wideUri());
        }
    }

    @Test
    void aStyleTheRenderDoesNotKnowIsAClearError() {
        ContentRequested e = request();
        e.setThumbnailStyle("late/bold/cyan");
        assertThatThrownBy(() -> RenderJob.of(e))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown thumbnail text style 'bold'")
                .hasMessageContaining("[title, caps]");
        e.setThumbnailStyle(null);
        assertThat(RenderJob.of(e).thumbnailStyle()).isEmpty();
        assertThat(Thumbnails.order(RenderJob.of(e).thumbnailStyle())).isEqualTo(Thumbnails.STYLES);
    }

    /** A job of an 8 s YouTube Short, as the API sends it. */
    private static ContentRequested request() {
        return new SampleEvents(3, 1_795_000_000_000L)
                .contentRequested(
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        TestJobs.params(
                                Platform.YOUTUBE_SHORTS, 8, CaptionStyle.SENTENCE, MusicMood.NONE));
    }

    /** Pixels near the title's cyan (0, 229, 255). */
    private static int cyanPixels(Path jpeg) throws Exception {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 70 && g > 190 && b > 210) {
                    n++;
                }
            }
        }
        return n;
    }
}
