package io.flywheel.render.assembly;

import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.LavfiMedia;
import io.flywheel.render.narration.Narration;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A video made by the assembler from scene pictures alone: silent audio, no captions, an empty
 * title, MEDIUM pacing, x264 {@code ultrafast}. What the scene tests look at is then the pictures'
 * motion and the transitions, nothing drawn over them.
 */
final class PicturesOnlyVideo {
    private PicturesOnlyVideo() {}

    /**
     * Assembles {@code pictures}, scene i starting at {@code startsMs[i]}, into {@code video}
     * ({@code width x height}, {@code fps}, {@code seconds} long), its working files in {@code
     * dir}.
     */
    static Path assemble(
            FfmpegBinaries bin,
            Path dir,
            int width,
            int height,
            int fps,
            List<Path> pictures,
            List<Long> startsMs,
            double seconds,
            double titleSeconds,
            Path video)
            throws java.io.IOException {
        long ms = Math.round(seconds * 1000);
        Path silence =
                LavfiMedia.write(
                        bin, "anullsrc=r=48000:cl=mono:d=" + seconds, dir.resolve("silence.wav"));
        CaptionOverlays.Track captions =
                CaptionOverlays.write(
                        new Narration("silence.wav", ms, List.of()),
                        CaptionStyle.NONE,
                        Platform.TIKTOK,
                        width,
                        height,
                        seconds,
                        dir.resolve("cap"));
        Path title = dir.resolve("title.png");
        int[] rect = CaptionOverlays.writeTitle("", Platform.TIKTOK, width, height, title);
        RenditionPlan plan =
                new RenditionPlan(
                        video.getFileName().toString(),
                        width,
                        height,
                        pictures,
                        startsMs,
                        seconds,
                        title,
                        rect,
                        titleSeconds,
                        captions,
                        video);
        new VideoAssembler(bin, fps, "ultrafast")
                .assemble(List.of(plan), silence, Pacing.MEDIUM, Duration.ofMinutes(2));
        return video;
    }
}
