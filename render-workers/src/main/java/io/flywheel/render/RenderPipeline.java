package io.flywheel.render;

import io.flywheel.render.assembly.AudioMixer;
import io.flywheel.render.assembly.RenditionPlan;
import io.flywheel.render.assembly.Thumbnails;
import io.flywheel.render.assembly.VideoAssembler;
import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.captions.SubtitleFiles;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.moderation.ContentModerator;
import io.flywheel.render.music.MusicBed;
import io.flywheel.render.music.MusicSynth;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.narration.Narrator;
import io.flywheel.render.narration.Phrases;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.RetryPolicy;
import io.flywheel.render.pipeline.StageFailedException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.qa.RenditionQa;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.ScriptGenerator;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.render.script.UserScript;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job from parameters to checked renditions: script and moderation (regenerated on a failed
 * check), narration, captions, visuals, music, assembly, thumbnail and QA. Each stage's result is a
 * checkpoint in the job's workspace, so running the same job again resumes after the last stage
 * that completed. Stage events go to the given {@link RenderEvents}.
 */
public final class RenderPipeline {
    /** How much larger than the frame scene pictures are drawn, room for the pan. */
    static final double PAN_MARGIN = 1.10;

    static final double TITLE_SECONDS = 3.0;

    record ScriptCheckpoint(Script script, boolean aiDisclosure, List<String> moderationNotes) {}

    record CaptionTrack(
            String concat,
            int x,
            int y,
            int width,
            int height,
            int frames,
            String title,
            int[] titleRect) {}

    record CaptionsCheckpoint(
            String srt, String vtt, double durationS, Map<String, CaptionTrack> tracks) {}

    record VisualsCheckpoint(Map<String, List<String>> scenes) {}

    record MusicCheckpoint(String file) {}

    record AssemblyCheckpoint(String mix, Map<String, String> renditions) {}

    record ThumbnailCheckpoint(List<String> files) {}

    private final Providers providers;
    private final Path mediaRoot;

    private final MediaPublisher publisher;

    /** A pipeline whose files stay in the media root (one-shot renders, benchmarks). */
    public RenderPipeline(Providers providers, Path mediaRoot) {
        this(providers, mediaRoot, null);
    }

    /**
     * @param publisher puts each finished render's files into the object store the API serves from
     *     (after QA, also when a redelivered job resumes from its checkpoint)
     */
    public RenderPipeline(Providers providers, Path mediaRoot, MediaPublisher publisher) {
        this.providers = providers;
        this.mediaRoot = mediaRoot;
        this.publisher = publisher;
    }

    public RenderResult run(RenderJob job, RenderEvents events) throws IOException {
        JobWorkspace ws = new JobWorkspace(mediaRoot, job.jobId());
        StageRunner runner = new StageRunner(events, providers.retry());
        ContentParameters params = job.parameters();
        List<RenditionSpec> specs = job.effectiveRenditions();
        String preset = job.preview() ? "ultrafast" : providers.preset();

        ScriptCheckpoint script = scriptStage(job, ws, runner, events);

        Narration narration = ws.checkpoint(Stage.NARRATION, Narration.class).orElse(null);
        if (narration == null) {
            Narrator narrator = providers.narrator();
            List<Phrases.Phrase> phrases = Phrases.of(script.script());
            narration =
                    checkpointed(
                            runner,
                            ws,
                            Stage.NARRATION,
                            narrator.provider(),
                            providers.breaker(narrator.provider()),
                            a ->
                                    narrator.narrate(
                                            phrases,
                                            params.getVoice(),
                                            params.getPacing(),
                                            ws.root()));
        } else {
            events.resumed(Stage.NARRATION);
        }
        final Narration n = narration;
        double durationS =
                Math.min(n.durationMs() / 1000.0, RenderJob.platformLimitS(params.getPlatform()));

        CaptionsCheckpoint captions =
                ws.checkpoint(Stage.CAPTIONS, CaptionsCheckpoint.class).orElse(null);
        if (captions == null) {
            captions =
                    checkpointed(
                            runner,
                            ws,
                            Stage.CAPTIONS,
                            "java2d",
                            null,
                            a ->
                                    StageRunner.Costed.free(
                                            captions(
                                                    job,
                                                    ws,
                                                    n,
                                                    script.script().title(),
                                                    specs,
                                                    durationS)));
        } else {
            events.resumed(Stage.CAPTIONS);
        }

        List<long[]> slots = sceneStarts(script.script(), n, durationS);
        List<Long> starts = slots.stream().map(s -> s[1]).toList();
        List<Integer> sceneIndex = slots.stream().map(s -> (int) s[0]).toList();
        VisualsCheckpoint visuals =
                ws.checkpoint(Stage.VISUALS, VisualsCheckpoint.class).orElse(null);
        if (visuals == null) {
            SceneImages images = providers.images();
            visuals =
                    checkpointed(
                            runner,
                            ws,
                            Stage.VISUALS,
                            images.provider(),
                            providers.breaker(images.provider()),
                            a -> visuals(job, ws, script.script(), sceneIndex, specs, images));
        } else {
            events.resumed(Stage.VISUALS);
        }

        MusicCheckpoint music = ws.checkpoint(Stage.MUSIC, MusicCheckpoint.class).orElse(null);
        if (music == null) {
            MusicMood mood = params.getMusicMood();
            Optional<Path> fromFolder =
                    MusicBed.fromFolder(providers.musicDir(), mood, job.jobId().hashCode());
            String provider =
                    mood == MusicMood.NONE
                            ? "none"
                            : fromFolder.isPresent() ? "music-folder" : "synth";
            music =
                    checkpointed(
                            runner,
                            ws,
                            Stage.MUSIC,
                            provider,
                            null,
                            a -> {
                                if (mood == MusicMood.NONE) {
                                    return StageRunner.Costed.free(new MusicCheckpoint(null));
                                }
                                if (fromFolder.isPresent()) {
                                    return StageRunner.Costed.free(
                                            new MusicCheckpoint(
                                                    fromFolder.get().toAbsolutePath().toString()));
                                }
                                Path out = ws.path("music.wav");
                                MusicSynth.write(mood, durationS + 1, job.jobId().hashCode(), out);
                                return StageRunner.Costed.free(new MusicCheckpoint(out.toString()));
                            });
        } else {
            events.resumed(Stage.MUSIC);
        }

        AssemblyCheckpoint assembly =
                ws.checkpoint(Stage.ASSEMBLY, AssemblyCheckpoint.class).orElse(null);
        if (assembly == null) {
            final CaptionsCheckpoint c = captions;
            final VisualsCheckpoint v = visuals;
            final MusicCheckpoint m = music;
            assembly =
                    checkpointed(
                            runner,
                            ws,
                            Stage.ASSEMBLY,
                            "ffmpeg-" + providers.ffmpeg().origin(),
                            null,
                            a -> {
                                Path mix = ws.path("mix.wav");
                                new AudioMixer(providers.ffmpeg())
                                        .mix(
                                                ws.root().resolve(n.wavFile()),
                                                Optional.ofNullable(m.file()).map(Path::of),
                                                durationS,
                                                mix);
                                Path out = ws.dir("renditions");
                                List<RenditionPlan> plans = new ArrayList<>();
                                Map<String, String> files = new LinkedHashMap<>();
                                for (int i = 0; i < specs.size(); i++) {
                                    RenditionSpec s = specs.get(i);
                                    String key = renditionKey(i, s);
                                    CaptionTrack t = c.tracks().get(key);
                                    Path file =
                                            out.resolve(
                                                    "rendition-"
                                                            + (i + 1)
                                                            + "-"
                                                            + s.getWidth()
                                                            + "x"
                                                            + s.getHeight()
                                                            + ".mp4");
                                    plans.add(
                                            new RenditionPlan(
                                                    s.getLabel(),
                                                    s.getWidth(),
                                                    s.getHeight(),
                                                    v.scenes().get(key).stream()
                                                            .map(Path::of)
                                                            .toList(),
                                                    starts,
                                                    durationS,
                                                    Path.of(t.title()),
                                                    t.titleRect(),
                                                    Math.min(TITLE_SECONDS, durationS),
                                                    new CaptionOverlays.Track(
                                                            Path.of(t.concat()),
                                                            t.x(),
                                                            t.y(),
                                                            t.width(),
                                                            t.height(),
                                                            t.frames()),
                                                    file));
                                    files.put(key, file.toString());
                                }
                                new VideoAssembler(providers.ffmpeg(), providers.fps(), preset)
                                        .assemble(
                                                plans,
                                                mix,
                                                params.getPacing(),
                                                Duration.ofMinutes(20));
                                return StageRunner.Costed.free(
                                        new AssemblyCheckpoint(mix.toString(), files));
                            });
        } else {
            events.resumed(Stage.ASSEMBLY);
        }

        final AssemblyCheckpoint asm = assembly;
        ThumbnailCheckpoint thumbs =
                ws.checkpoint(Stage.THUMBNAIL, ThumbnailCheckpoint.class).orElse(null);
        if (thumbs == null) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < starts.size() && times.size() < 3; i++) {
                double end = i + 1 < starts.size() ? starts.get(i + 1) / 1000.0 : durationS;
                times.add(
                        Math.max(TITLE_SECONDS + 0.2, (starts.get(i) / 1000.0 + end) / 2)
                                % Math.max(0.5, durationS - 0.2));
            }
            Path firstVideo = Path.of(asm.renditions().values().iterator().next());
            thumbs =
                    checkpointed(
                            runner,
                            ws,
                            Stage.THUMBNAIL,
                            "java2d",
                            null,
                            a ->
                                    StageRunner.Costed.free(
                                            new ThumbnailCheckpoint(
                                                    new Thumbnails(providers.ffmpeg())
                                                                    .make(
                                                                            firstVideo,
                                                                            times,
                                                                            script.script().title(),
                                                                            3,
                                                                            ws.dir("thumbnails"))
                                                                    .stream()
                                                                    .map(t -> t.file().toString())
                                                                    .toList())));
        } else {
            events.resumed(Stage.THUMBNAIL);
        }

        final ThumbnailCheckpoint th = thumbs;
        final CaptionsCheckpoint cap = captions;
        RenderResult result = ws.checkpoint(Stage.QA, RenderResult.class).orElse(null);
        if (result == null) {
            RenditionQa qa =
                    new RenditionQa(new MediaProbe(providers.ffmpeg()), AudioMixer.TARGET_LUFS);
            result =
                    checkpointed(
                            runner,
                            ws,
                            Stage.QA,
                            "ffprobe",
                            null,
                            a -> {
                                List<RenderResult.Output> outputs = new ArrayList<>();
                                List<String> problems = new ArrayList<>();
                                double lufs = Double.NaN;
                                for (int i = 0; i < specs.size(); i++) {
                                    RenditionSpec s = specs.get(i);
                                    Path f = Path.of(asm.renditions().get(renditionKey(i, s)));
                                    RenditionQa.Report r =
                                            qa.check(
                                                    s.getLabel(),
                                                    f,
                                                    s.getWidth(),
                                                    s.getHeight(),
                                                    durationS);
                                    r.problems()
                                            .forEach(p -> problems.add(s.getLabel() + ": " + p));
                                    if (i == 0) {
                                        lufs = r.integratedLufs();
                                    }
                                    outputs.add(
                                            new RenderResult.Output(
                                                    s.getLabel(),
                                                    s.getWidth(),
                                                    s.getHeight(),
                                                    Math.round(r.info().durationS() * 1000),
                                                    Files.size(f),
                                                    ws.uri(f)));
                                }
                                if (!problems.isEmpty()) {
                                    throw new ProviderException(
                                            "qa_failed", String.join("; ", problems), false);
                                }
                                List<String> thumbUris =
                                        th.files().stream().map(p -> ws.uri(Path.of(p))).toList();
                                return StageRunner.Costed.free(
                                        new RenderResult(
                                                job.jobId(),
                                                job.videoId(),
                                                script.script().title(),
                                                Math.round(durationS * 1000),
                                                lufs,
                                                outputs,
                                                thumbUris.get(0),
                                                thumbUris,
                                                ws.uri(Path.of(cap.srt())),
                                                ws.uri(Path.of(cap.vtt())),
                                                script.aiDisclosure()));
                            });
        } else {
            events.resumed(Stage.QA);
        }
        if (publisher != null) {
            publisher.publish(result);
        }
        return result;
    }

    private ScriptCheckpoint scriptStage(
            RenderJob job, JobWorkspace ws, StageRunner runner, RenderEvents events)
            throws IOException {
        Optional<ScriptCheckpoint> done = ws.checkpoint(Stage.MODERATION, ScriptCheckpoint.class);
        if (done.isPresent()) {
            events.resumed(Stage.SCRIPT);
            events.resumed(Stage.MODERATION);
            return done.get();
        }
        ContentParameters p = job.parameters();
        ContentModerator moderator = providers.moderator();
        int tries = job.script().isPresent() ? 1 : providers.maxRegenerations() + 1;
        StageFailedException last = null;
        for (int gen = 0; gen < tries; gen++) {
            long seed = job.jobId().hashCode() * 1_000_003L + gen;
            Script script;
            if (job.script().isPresent()) {
                script =
                        runner.run(
                                Stage.SCRIPT,
                                "user",
                                null,
                                a ->
                                        StageRunner.Costed.free(
                                                UserScript.parse(
                                                        job.script().get(), job.title(), p)));
            } else {
                ScriptGenerator gen0 = providers.script();
                ScriptRequest req =
                        new ScriptRequest(
                                p.getNiche(),
                                p.getHookStyle(),
                                p.getPacing(),
                                p.getTargetDurationS(),
                                p.getPlatform(),
                                seed);
                script =
                        runner.run(
                                Stage.SCRIPT,
                                gen0.provider(),
                                providers.breaker(gen0.provider()),
                                a -> gen0.generate(req));
                if (job.title().isPresent()) {
                    script = new Script(job.title().get(), script.scenes(), script.aiGenerated());
                }
            }
            final Script s = script;
            try {
                // A moderation failure is not retried as such: a new script is generated instead.
                StageRunner once =
                        new StageRunner(events, new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
                return checkpointed(
                        once,
                        ws,
                        Stage.MODERATION,
                        "rules",
                        null,
                        a -> {
                            ContentModerator.Verdict v = moderator.check(s, p.getPlatform());
                            if (!v.passed()) {
                                throw new ProviderException(
                                        "moderation_rejected",
                                        String.join("; ", v.reasons()),
                                        false);
                            }
                            return StageRunner.Costed.free(
                                    new ScriptCheckpoint(s, v.aiDisclosure(), v.reasons()));
                        });
            } catch (StageFailedException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Runs a stage and saves its result as the checkpoint inside the attempt, before {@code
     * StageCompleted} is sent: whoever sees the event can count on the checkpoint.
     */
    private static <T> T checkpointed(
            StageRunner runner,
            JobWorkspace ws,
            Stage stage,
            String provider,
            io.flywheel.render.pipeline.CircuitBreaker breaker,
            StageRunner.Call<T> call) {
        return runner.run(
                stage,
                provider,
                breaker,
                a -> {
                    StageRunner.Costed<T> out = call.call(a);
                    ws.complete(stage, out.value());
                    return out;
                });
    }

    static String renditionKey(int i, RenditionSpec s) {
        return (i + 1) + "-" + s.getWidth() + "x" + s.getHeight();
    }

    private CaptionsCheckpoint captions(
            RenderJob job,
            JobWorkspace ws,
            Narration n,
            String title,
            List<RenditionSpec> specs,
            double durationS)
            throws IOException {
        Path srt = ws.path("captions.srt");
        Path vtt = ws.path("captions.vtt");
        Files.writeString(srt, SubtitleFiles.srt(n));
        Files.writeString(vtt, SubtitleFiles.vtt(n));
        CaptionStyle style = job.parameters().getCaptionStyle();
        if (style == CaptionStyle.UNKNOWN) {
            style = CaptionStyle.SENTENCE;
        }
        Map<String, CaptionTrack> tracks = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            RenditionSpec s = specs.get(i);
            String key = renditionKey(i, s);
            Path dir = ws.dir("captions/" + key);
            CaptionOverlays.Track t =
                    CaptionOverlays.write(
                            n,
                            style,
                            job.parameters().getPlatform(),
                            s.getWidth(),
                            s.getHeight(),
                            durationS,
                            dir);
            Path titleFile = dir.resolve("title.png");
            int[] rect =
                    CaptionOverlays.writeTitle(
                            title,
                            job.parameters().getPlatform(),
                            s.getWidth(),
                            s.getHeight(),
                            titleFile);
            tracks.put(
                    key,
                    new CaptionTrack(
                            t.concatFile().toString(),
                            t.x(),
                            t.y(),
                            t.width(),
                            t.height(),
                            t.frames(),
                            titleFile.toString(),
                            rect));
        }
        return new CaptionsCheckpoint(srt.toString(), vtt.toString(), durationS, tracks);
    }

    private StageRunner.Costed<VisualsCheckpoint> visuals(
            RenderJob job,
            JobWorkspace ws,
            Script script,
            List<Integer> sceneIndex,
            List<RenditionSpec> specs,
            SceneImages images)
            throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        long cost = 0;
        for (int i = 0; i < specs.size(); i++) {
            RenditionSpec s = specs.get(i);
            String key = renditionKey(i, s);
            Path dir = ws.dir("scenes/" + key);
            int w = ((int) Math.round(s.getWidth() * PAN_MARGIN)) & ~1;
            int h = ((int) Math.round(s.getHeight() * PAN_MARGIN)) & ~1;
            List<String> files = new ArrayList<>();
            for (int k : sceneIndex) {
                Script.Scene scene = script.scenes().get(k);
                Path f = dir.resolve("scene-" + (k + 1) + ".jpg");
                StageRunner.Costed<Path> made = null;
                if (providers.library().isPresent()) {
                    try {
                        made =
                                providers
                                        .library()
                                        .get()
                                        .render(
                                                scene,
                                                k,
                                                job.parameters().getVisualStyle(),
                                                w,
                                                h,
                                                f);
                    } catch (ProviderException e) {
                        made = null; // No picture in the library matches this scene.
                    }
                }
                if (made == null) {
                    made = images.render(scene, k, job.parameters().getVisualStyle(), w, h, f);
                }
                cost += made.costMicroUsd();
                files.add(made.value().toString());
            }
            out.put(key, files);
        }
        return new StageRunner.Costed<>(new VisualsCheckpoint(out), cost);
    }

    /**
     * Which scenes get a picture and when each starts, as {scene, start ms}: a scene that starts
     * too soon after the previous one or too close to the end shares the previous picture.
     */
    static List<long[]> sceneStarts(Script script, Narration n, double durationS) {
        List<long[]> starts = new ArrayList<>();
        long limit = Math.round(durationS * 1000) - 800;
        for (int i = 0; i < script.scenes().size(); i++) {
            long s = i == 0 ? 0 : n.sceneStartMs(i);
            long prev = starts.isEmpty() ? -10_000 : starts.get(starts.size() - 1)[1];
            if (i > 0 && (s > limit || s - prev < 900)) {
                continue;
            }
            starts.add(new long[] {i, s});
        }
        return starts;
    }
}
