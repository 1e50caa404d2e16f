package io.flywheel.render.assembly;

import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.visuals.KenBurns;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.schemas.Pacing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds and runs the ffmpeg command that turns scene pictures, the caption track, the title and
 * the mixed audio into H.264/AAC MP4s. Each picture is decoded once and repeated in memory ({@code
 * loop}), moved by a slow zoom or pan ({@link KenBurns}, a {@code zoompan} window that never leaves
 * the picture) and joined to the next with {@code xfade}; a scene's stock clip is looped ({@code
 * -stream_loop}) and trimmed to the scene's frames, scaled and cropped to fill the frame, its audio
 * dropped; captions are one overlay of a sparse image track. Every rendition can be produced by one
 * ffmpeg process, sharing the audio decode. The filter graph holds only numbers and generated
 * labels: no text from a script or user.
 */
public final class VideoAssembler {
    private final FfmpegBinaries bin;
    private final int fps;
    private final String preset;
    private final int threads;

    public VideoAssembler(FfmpegBinaries bin, int fps, String preset) {
        this(bin, fps, preset, 0);
    }

    public VideoAssembler(FfmpegBinaries bin, int fps, String preset, int threads) {
        this.bin = bin;
        this.fps = fps;
        this.preset = preset;
        this.threads = threads;
    }

    /** Renders all plans in one ffmpeg process. */
    public void assemble(List<RenditionPlan> plans, Path audio, Pacing pacing, Duration timeout) {
        ProcessRunner.check(command(plans, audio, pacing), timeout);
    }

    /** Renders each plan with its own ffmpeg process, one after the other. */
    public void assembleSeparately(
            List<RenditionPlan> plans, Path audio, Pacing pacing, Duration timeout) {
        for (RenditionPlan p : plans) {
            ProcessRunner.check(command(List.of(p), audio, pacing), timeout);
        }
    }

    public List<String> command(List<RenditionPlan> plans, Path audio, Pacing pacing) {
        List<String> cmd =
                new ArrayList<>(List.of(bin.ffmpeg().toString(), "-hide_banner", "-nostats", "-y"));
        cmd.addAll(List.of("-i", audio.toString()));
        int input = 1;
        StringBuilder graph = new StringBuilder();
        List<String> outputs = new ArrayList<>();
        for (int r = 0; r < plans.size(); r++) {
            RenditionPlan p = plans.get(r);
            int firstScene = input;
            for (Path img : p.sceneImages()) {
                if (SceneImages.isClip(img)) {
                    cmd.addAll(List.of("-stream_loop", "-1", "-i", img.toString()));
                } else {
                    cmd.addAll(List.of("-framerate", Integer.toString(fps), "-i", img.toString()));
                }
                input++;
            }
            int titleInput = input++;
            cmd.addAll(List.of("-i", p.title().toString()));
            int capInput = input++;
            cmd.addAll(
                    List.of(
                            "-f",
                            "concat",
                            "-safe",
                            "0",
                            "-i",
                            p.captions().concatFile().toString()));
            graph.append(sceneChain(p, firstScene, r, pacing));
            graph.append(
                    String.format(
                            Locale.ROOT,
                            "[base%d][%d:v]overlay=x=%d:y=%d:enable='between(t,0,%.2f)'[titled%d];",
                            r,
                            titleInput,
                            p.titleRect()[0],
                            p.titleRect()[1],
                            p.titleSeconds(),
                            r));
            graph.append(
                    String.format(
                            Locale.ROOT,
                            "[titled%d][%d:v]overlay=x=%d:y=%d:eof_action=repeat,format=yuv420p[out%d];",
                            r,
                            capInput,
                            p.captions().x(),
                            p.captions().y(),
                            r));
            outputs.add("[out" + r + "]");
        }
        graph.setLength(graph.length() - 1);
        cmd.addAll(List.of("-filter_complex", graph.toString()));
        for (int r = 0; r < plans.size(); r++) {
            RenditionPlan p = plans.get(r);
            cmd.addAll(
                    List.of(
                            "-map",
                            outputs.get(r),
                            "-map",
                            "0:a",
                            "-c:v",
                            "libx264",
                            "-preset",
                            preset,
                            "-crf",
                            "23",
                            "-pix_fmt",
                            "yuv420p",
                            "-r",
                            Integer.toString(fps),
                            "-g",
                            Integer.toString(fps * 2)));
            if (threads > 0) {
                cmd.addAll(List.of("-threads", Integer.toString(threads)));
            }
            cmd.addAll(
                    List.of(
                            "-c:a",
                            "aac",
                            "-b:a",
                            "160k",
                            "-ar",
                            "48000",
                            "-t",
                            AudioMixer.num(p.durationS()),
                            "-movflags",
                            "+faststart",
                            p.out().toString()));
        }
        return cmd;
    }

    /** Clip per scene (decode once, loop, zoom or pan), then xfade joins. Ends in [base{r}]. */
    String sceneChain(RenditionPlan p, int firstInput, int r, Pacing pacing) {
        int n = p.sceneImages().size();
        double t = transitionSeconds(pacing);
        String kind = pacing == Pacing.FAST ? "slideleft" : "fade";
        StringBuilder g = new StringBuilder();
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            starts.add(i == 0 ? 0.0 : p.sceneStartsMs().get(i) / 1000.0);
        }
        for (int i = 0; i < n; i++) {
            double end = i == n - 1 ? p.durationS() : starts.get(i + 1);
            double len = end - starts.get(i) + (i == n - 1 ? 0 : t);
            int frames = Math.max(2, (int) Math.ceil(len * fps) + 1);
            if (SceneImages.isClip(p.sceneImages().get(i))) {
                g.append(clipChain(firstInput + i, frames, p.width(), p.height(), r, i));
                continue;
            }
            g.append(
                    String.format(
                            Locale.ROOT,
                            "[%d:v]format=yuv420p,loop=loop=%d:size=1:start=0,setpts=N/(%d*TB),%s,setsar=1[s%d_%d];",
                            firstInput + i,
                            frames - 1,
                            fps,
                            KenBurns.forScene(i).filter(frames, p.width(), p.height(), fps),
                            r,
                            i));
        }
        if (n == 1) {
            g.append(String.format("[s%d_0]null[base%d];", r, r));
            return g.toString();
        }
        String prev = String.format("[s%d_0]", r);
        for (int i = 1; i < n; i++) {
            String out =
                    i == n - 1 ? String.format("[base%d]", r) : String.format("[x%d_%d]", r, i);
            g.append(
                    String.format(
                            Locale.ROOT,
                            "%s[s%d_%d]xfade=transition=%s:duration=%.3f:offset=%.3f%s;",
                            prev,
                            r,
                            i,
                            kind,
                            t,
                            starts.get(i),
                            out));
            prev = out;
        }
        return g.toString();
    }

    /**
     * A clip's chain: filled into the frame (scaled to cover, cropped evenly), at the frame rate,
     * cut after {@code frames} frames of its endless loop, and timed from 0 like a picture's clip.
     */
    private String clipChain(int input, int frames, int width, int height, int r, int i) {
        return String.format(
                Locale.ROOT,
                "[%d:v]scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,setsar=1,"
                        + "format=yuv420p,fps=%d,trim=end_frame=%d,setpts=N/(%d*TB),fps=%d[s%d_%d];",
                input,
                width,
                height,
                width,
                height,
                fps,
                frames,
                fps,
                fps,
                r,
                i);
    }

    static double transitionSeconds(Pacing pacing) {
        return switch (pacing) {
            case SLOW -> 0.7;
            case FAST -> 0.25;
            default -> 0.45;
        };
    }
}
