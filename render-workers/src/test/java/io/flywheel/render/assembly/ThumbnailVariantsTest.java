package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.render.media.BundledFfmpeg;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnail variants made from a real H.264 video with ffmpeg, checked with ffprobe. */
class ThumbnailVariantsTest {
    @TempDir Path dir;

    @Test
    void threeVariantsOfEachSizeTakeTheirFramesFromTheirPartOfTheVideo() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        Path video = dir.resolve("v.mp4");
        // 10 s upright: red until 4 s, green until 7 s, blue to the end.
        ProcessRunner.check(
                List.of(
                        bin.ffmpeg().toString(),
                        "-hide_banner",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=red:s=360x640:r=25:d=4",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=green:s=360x640:r=25:d=3",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=blue:s=360x640:r=25:d=3",
                        "-filter_complex",
                        "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]",
                        "-map",
                        "[v]",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        video.toString()),
                Duration.ofSeconds(60));

        List<Thumbnails.Thumbnail> made =
                new Thumbnails(bin)
                        .make(video, 10.0, 3.2, "Five Knife Skills: the Claw", 3, dir.resolve("t"));

        assertThat(made).hasSize(6);
        MediaProbe probe = new MediaProbe(bin);
        for (Thumbnails.Thumbnail t : made) {
            MediaProbe.Info info = probe.probe(t.file());
            assertThat(info.width()).as(t.file().toString()).isEqualTo(t.width());
            assertThat(info.height()).as(t.file().toString()).isEqualTo(t.height());
            assertThat(info.videoCodec()).isEqualTo("mjpeg");
        }
        assertThat(made.stream().map(t -> t.width() + "x" + t.height()).distinct())
                .containsExactlyInAnyOrder("1280x720", "1080x1920");
        assertThat(made.stream().map(Thumbnails.Thumbnail::style).distinct().count()).isEqualTo(3);
        assertThat(
                        made.stream()
                                .collect(
                                        Collectors.toMap(
                                                Thumbnails.Thumbnail::variant,
                                                Thumbnails.Thumbnail::frameS,
                                                (a, b) -> a)))
                .containsEntry(1, 3.2) // early: 20 % of 10 s is inside the title card
                .containsEntry(2, 5.0)
                .containsEntry(3, 8.0);

        // The frame sits left on variants 1 and 3, right on variant 2 (1280x720 layouts).
        int[][] centres = {{246, 360}, {1034, 360}, {246, 360}};
        char[] expected = {'r', 'g', 'b'};
        for (Thumbnails.Thumbnail t : made) {
            if (t.width() != 1280) {
                continue;
            }
            BufferedImage img = ImageIO.read(t.file().toFile());
            int[] c = centres[t.variant() - 1];
            assertThat(dominant(img, c[0], c[1]))
                    .as("frame colour of variant %d", t.variant())
                    .isEqualTo(expected[t.variant() - 1]);
        }
        assertThat(Thumbnails.frameTime(3, 60, 3.2)).isCloseTo(48, within(1e-9));
    }

    /** The strongest channel of the 21x21 pixels around (x, y). */
    private static char dominant(BufferedImage img, int x, int y) {
        long r = 0;
        long g = 0;
        long b = 0;
        for (int dx = -10; dx <= 10; dx++) {
            for (int dy = -10; dy <= 10; dy++) {
                int p = img.getRGB(x + dx, y + dy);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        return r > g && r > b ? 'r' : g > b ? 'g' : 'b';
    }
}
