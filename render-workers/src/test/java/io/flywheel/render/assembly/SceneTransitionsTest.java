package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.FfmpegSelection;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.media.VideoFrames;
import io.flywheel.render.visuals.KenBurns;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes are joined on the frames the plan gives them, with real ffmpeg: three single-colour scenes
 * starting at 0, 1 and 2 s of a 3 s video at 24 fps (frames 0, 24 and 48 of 72), MEDIUM pacing
 * (0.45 s, 11 frames, of blending). The video has exactly 72 frames; a scene's colour is pure up to
 * its last frame, the next scene fades in from the frame it starts at, and is pure once the blend
 * is over.
 */
class SceneTransitionsTest {
    static final int W = 160;
    static final int H = 288;
    static final int FPS = 24;
    static final Color RED = new Color(220, 40, 40);
    static final Color GREEN = new Color(40, 200, 60);
    static final Color BLUE = new Color(40, 60, 220);

    @TempDir Path dir;

    @Test
    void eachSceneHoldsItsFramesAndFadesIntoTheNextWhereItStarts() throws Exception {
        FfmpegBinaries bin = FfmpegSelection.locate(Optional.empty(), dir.resolve("cache"));
        Path video =
                PicturesOnlyVideo.assemble(
                        bin,
                        dir,
                        W,
                        H,
                        FPS,
                        List.of(
                                picture("r.png", RED),
                                picture("g.png", GREEN),
                                picture("b.png", BLUE)),
                        List.of(0L, 1000L, 2000L),
                        3.0,
                        0.0,
                        dir.resolve("scenes.mp4"));

        assertThat(frameCount(bin, video)).isEqualTo(72);
        assertColour(bin, video, 0, RED);
        assertColour(bin, video, 23, RED);
        assertBlend(bin, video, 29, RED, GREEN);
        assertColour(bin, video, 35, GREEN);
        assertColour(bin, video, 47, GREEN);
        assertBlend(bin, video, 53, GREEN, BLUE);
        assertColour(bin, video, 59, BLUE);
        assertColour(bin, video, 71, BLUE);
    }

    private void assertColour(FfmpegBinaries bin, Path video, int frame, Color expected)
            throws Exception {
        Color c = centre(bin, video, frame);
        assertThat(distance(c, expected)).as("frame %d is %s", frame, c).isLessThan(30);
    }

    /** Mid-transition: about as far from both colours, and far from each. */
    private void assertBlend(FfmpegBinaries bin, Path video, int frame, Color a, Color b)
            throws Exception {
        Color c = centre(bin, video, frame);
        double da = distance(c, a);
        double db = distance(c, b);
        assertThat(Math.min(da, db)).as("frame %d is %s", frame, c).isGreaterThan(50);
        assertThat(Math.abs(da - db)).as("frame %d is %s", frame, c).isLessThan(0.4 * (da + db));
    }

    private Color centre(FfmpegBinaries bin, Path video, int frame) throws Exception {
        // Seeking gives the first frame at or after the time: just before the frame's own.
        BufferedImage f = VideoFrames.at(bin, video, Math.max(0, (frame - 0.25) / FPS), dir);
        return new Color(f.getRGB(f.getWidth() / 2, f.getHeight() / 2));
    }

    private static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int frameCount(FfmpegBinaries bin, Path video) {
        ProcessRunner.Result r =
                ProcessRunner.check(
                        List.of(
                                bin.ffprobe().toString(),
                                "-v",
                                "error",
                                "-count_frames",
                                "-select_streams",
                                "v:0",
                                "-show_entries",
                                "stream=nb_read_frames",
                                "-of",
                                "csv=p=0",
                                video.toString()),
                        Duration.ofMinutes(1));
        return Integer.parseInt(r.stdout().strip());
    }

    /** A single-colour picture, MARGIN times the frame as the scene pictures are. */
    private Path picture(String name, Color colour) throws Exception {
        int w = ((int) Math.round(W * KenBurns.MARGIN)) & ~1;
        int h = ((int) Math.round(H * KenBurns.MARGIN)) & ~1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }
}
