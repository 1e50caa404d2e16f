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
 * the picture) and blended into the next with {@code xfade}; a scene's stock clip is looped ({@code
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

    /**
     * Clip per scene (decode once, loop, zoom or pan), then the transitions. Ends in [base{r}].
     *
     * <p>Scene {@code i} fills output frames {@code [at[i], at[i+1])}; a transition of {@code tf}
     * frames starts where a scene starts and blends the end of the scene before (the frames past
     * its slot) with the new scene's first frames. Each clip is cut into its head (blended in),
     * body and tail (blended out); {@code xfade} sees only the two short pieces it blends and
     * {@code concat} joins bodies and blends. (An {@code xfade} over whole clips costs about 2 ms
     * of CPU for every 1080x1920 frame it passes through untouched, measured with ffmpeg 7.1: a
     * chain of them cost more than all the rest of the composition.)
     */
    String sceneChain(RenditionPlan p, int firstInput, int r, Pacing pacing) {
        int n = p.sceneImages().size();
        String kind = pacing == Pacing.FAST ? "slideleft" : "fade";
        int[] at = sceneFrames(p);
        int tf = transitionFrames(at, pacing);
        StringBuilder g = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int frames = at[i + 1] - at[i] + (i < n - 1 ? tf : 0) + 1;
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
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < n; i++) {
            boolean in = i > 0;
            boolean out = i < n - 1;
            int slot = at[i + 1] - at[i];
            g.append(String.format("[s%d_%d]split=%d", r, i, 1 + (in ? 1 : 0) + (out ? 1 : 0)));
            g.append(in ? String.format("[h%d_%d]", r, i) : "");
            g.append(String.format("[b%d_%d]", r, i));
            g.append(out ? String.format("[t%d_%d]", r, i) : "").append(';');
            if (in) {
                g.append(piece("h", r, i, 0, tf));
            }
            g.append(piece("b", r, i, in ? tf : 0, slot));
            if (out) {
                g.append(piece("t", r, i, slot, slot + tf));
            }
            if (in) {
                g.append(
                        String.format(
                                Locale.ROOT,
                                "[t%d_%d][h%d_%d]xfade=transition=%s:duration=%.4f:offset=0[x%d_%d];",
                                r,
                                i - 1,
                                r,
                                i,
                                kind,
                                tf / (double) fps,
                                r,
                                i));
                joined.append(String.format("[x%d_%d]", r, i));
            }
            joined.append(String.format("[b%d_%d]", r, i));
        }
        g.append(joined).append(String.format("concat=n=%d:v=1:a=0[base%d];", 2 * n - 1, r));
        return g.toString();
    }

    /**
     * Frames {@code [from, to)} of scene i's split output {@code part}, timed from 0 and tagged
     * with the frame rate again ({@code setpts} drops it, and {@code xfade} needs it).
     */
    private String piece(String part, int r, int i, int from, int to) {
        return String.format(
                "[%s%d_%d]trim=start_frame=%d:end_frame=%d,setpts=PTS-STARTPTS,fps=%d[%s%d_%d];",
                part, r, i, from, to, fps, part, r, i);
    }

    /** The output frame each scene starts at, and last the frame count of the whole video. */
    int[] sceneFrames(RenditionPlan p) {
        int n = p.sceneImages().size();
        int[] at = new int[n + 1];
        for (int i = 1; i < n; i++) {
            at[i] = (int) Math.round(p.sceneStartsMs().get(i) * fps / 1000.0);
        }
        at[n] = (int) Math.ceil(p.durationS() * fps);
        for (int i = 0; i < n; i++) {
            if (at[i + 1] <= at[i]) {
                throw new IllegalArgumentException(
                        "scene "
                                + (i + 1)
                                + " of "
                                + p.label()
                                + " has no frames: "
                                + p.sceneStartsMs());
            }
        }
        return at;
    }

    /**
     * A transition's frames: the pacing's length, at most half the shortest scene so that every
     * scene shows some frames unblended.
     */
    int transitionFrames(int[] at, Pacing pacing) {
        int shortest = Integer.MAX_VALUE;
        for (int i = 0; i + 1 < at.length; i++) {
            shortest = Math.min(shortest, at[i + 1] - at[i]);
        }
        int tf = (int) Math.round(transitionSeconds(pacing) * fps);
        return Math.max(1, Math.min(tf, shortest / 2));
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
