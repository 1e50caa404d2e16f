package io.flywheel.render;

import io.flywheel.model.ChannelLocales;
import io.flywheel.render.PipelineStage.Attempt;
import io.flywheel.render.RenderPipeline.AssemblyCheckpoint;
import io.flywheel.render.RenderPipeline.CaptionTrack;
import io.flywheel.render.RenderPipeline.CaptionsCheckpoint;
import io.flywheel.render.RenderPipeline.MusicCheckpoint;
import io.flywheel.render.RenderPipeline.ScriptCheckpoint;
import io.flywheel.render.RenderPipeline.ThumbnailCheckpoint;
import io.flywheel.render.RenderPipeline.VisualsCheckpoint;
import io.flywheel.render.assembly.AudioMixer;
import io.flywheel.render.assembly.RenditionPlan;
import io.flywheel.render.assembly.Thumbnails;
import io.flywheel.render.assembly.VideoAssembler;
import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.captions.SafeArea;
import io.flywheel.render.captions.SubtitleFiles;
import io.flywheel.render.evidence.FontEvidence;
import io.flywheel.render.evidence.LicenceSidecar;
import io.flywheel.render.evidence.Provenance;
import io.flywheel.render.evidence.Receipts;
import io.flywheel.render.locale.ContentLocale;
import io.flywheel.render.locale.PostText;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.moderation.ContentModerator;
import io.flywheel.render.music.MusicBed;
import io.flywheel.render.music.MusicSynth;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.narration.Narrator;
import io.flywheel.render.narration.Phrases;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.qa.LayoutCheck;
import io.flywheel.render.qa.RenditionQa;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.ScriptGenerator;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.render.script.UserScript;
import io.flywheel.render.text.TextPainter;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.render.visuals.TextBoxes;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.ThumbnailVariant;
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
 * The stages of one job, in order: script and moderation (a new script after a failed check),
 * narration, captions, visuals, music, assembly, thumbnail and QA. Each makes its attempt from the
 * checkpoints of the stages it needs; {@link RenderPipeline} runs them.
 */
final class RenderStages {
    private final Providers providers;
    private final RenderJob job;
    private final JobWorkspace ws;
    private final StageRunner runner;
    private final ContentParameters params;
    private final List<RenditionSpec> specs;
    private final ContentLocale locale;
    private final RenderEvents events;

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(RenderStages.class);

    /**
     * @param runner runs the script generation, which happens while the script stage is planned
     */
    RenderStages(
            Providers providers,
            RenderJob job,
            JobWorkspace ws,
            StageRunner runner,
            RenderEvents events) {
        this.providers = providers;
        this.events = events;
        this.job = job;
        this.ws = ws;
        this.runner = runner;
        this.params = job.parameters();
        this.specs = job.effectiveRenditions();
        this.locale =
                ContentLocale.of(
                        job.locale()
                                .orElseGet(
                                        () -> ChannelLocales.tag(params.getVideoLocale().name())));
    }

    List<PipelineStage<?>> all() {
        return List.of(
                new PipelineStage<>(
                        Stage.MODERATION,
                        List.of(),
                        ScriptCheckpoint.class,
                        List.of(Stage.SCRIPT, Stage.MODERATION),
                        job.script().isPresent() ? 1 : providers.maxRegenerations() + 1,
                        this::script),
                PipelineStage.of(
                        Stage.NARRATION,
                        Narration.class,
                        List.of(Stage.MODERATION),
                        this::narration),
                PipelineStage.of(
                        Stage.CAPTIONS,
                        CaptionsCheckpoint.class,
                        List.of(Stage.MODERATION, Stage.NARRATION),
                        this::captions),
                PipelineStage.of(
                        Stage.VISUALS,
                        VisualsCheckpoint.class,
                        List.of(Stage.MODERATION, Stage.NARRATION),
                        this::visuals),
                PipelineStage.of(
                        Stage.MUSIC, MusicCheckpoint.class, List.of(Stage.NARRATION), this::music),
                PipelineStage.of(
                        Stage.ASSEMBLY,
                        AssemblyCheckpoint.class,
                        List.of(
                                Stage.MODERATION,
                                Stage.NARRATION,
                                Stage.CAPTIONS,
                                Stage.VISUALS,
                                Stage.MUSIC),
                        this::assembly),
                PipelineStage.of(
                        Stage.THUMBNAIL,
                        ThumbnailCheckpoint.class,
                        List.of(Stage.MODERATION, Stage.NARRATION, Stage.ASSEMBLY),
                        this::thumbnails),
                PipelineStage.of(
                        Stage.QA,
                        RenderResult.class,
                        List.of(
                                Stage.MODERATION,
                                Stage.NARRATION,
                                Stage.CAPTIONS,
                                Stage.ASSEMBLY,
                                Stage.THUMBNAIL),
                        this::qa));
    }

    /**
     * Generates (or parses) a script through the runner, then plans its moderation, which is not
     * retried as such: when it fails, the stage is planned again with the next generation's seed.
     */
    private Attempt<ScriptCheckpoint> script(Checkpoints done, int generation) {
        long seed = job.jobId().hashCode() * 1_000_003L + generation;
        Script script;
        Provenance provenance;
        String source;
        if (job.script().isPresent()) {
            provenance = new Provenance("user", null, Provenance.USER_SUPPLIED);
            source = "the brief's own script";
            script =
                    runner.run(
                            Stage.SCRIPT,
                            "user",
                            null,
                            a ->
                                    StageRunner.Costed.free(
                                            UserScript.parse(
                                                    job.script().get(), job.title(), params)));
        } else {
            ScriptGenerator generator = providers.script();
            ScriptRequest req =
                    new ScriptRequest(
                            params.getNiche(),
                            params.getHookStyle(),
                            params.getPacing(),
                            params.getTargetDurationS(),
                            params.getPlatform(),
                            seed,
                            locale.tag());
            provenance = generator.provenance();
            source = generator.source(req);
            script =
                    runner.run(
                            Stage.SCRIPT,
                            generator.provider(),
                            providers.breaker(generator.provider()),
                            a -> generator.generate(req));
            if (job.title().isPresent()) {
                script = new Script(job.title().get(), script.scenes(), script.aiGenerated());
            }
        }
        final Script s = script;
        ContentModerator moderator = providers.moderator();
        return new Attempt<>(
                "rules",
                null,
                false,
                a -> {
                    ContentModerator.Verdict v = moderator.check(s, params.getPlatform());
                    if (!v.passed()) {
                        throw new ProviderException(
                                "moderation_rejected", String.join("; ", v.reasons()), false);
                    }
                    ws.recordEvidence(
                            Stage.MODERATION,
                            List.of(
                                    evidence(
                                            "script",
                                            "script",
                                            provenance,
                                            source,
                                            Receipts.of(scriptText(s)))));
                    return StageRunner.Costed.free(
                            new ScriptCheckpoint(s, v.aiDisclosure(), v.borderline()));
                });
    }

    private Attempt<Narration> narration(Checkpoints done) {
        Narrator narrator;
        try {
            narrator = providers.narrator(locale);
        } catch (ProviderException e) {
            return new Attempt<>(
                    "none",
                    null,
                    false,
                    a -> {
                        throw e;
                    });
        }
        List<Phrases.Phrase> phrases = Phrases.of(script(done));
        // espeak-ng speaks a locale only in one of its voices; other engines name theirs.
        String voice =
                narrator.provider().equals("espeak-ng")
                        ? locale.espeakVoiceFor(params.getVoice())
                        : params.getVoice();
        return new Attempt<>(
                narrator.provider(),
                providers.breaker(narrator.provider()),
                true,
                a -> {
                    StageRunner.Costed<Narration> c =
                            narrator.narrate(phrases, voice, params.getPacing(), ws.root());
                    ws.recordEvidence(
                            Stage.NARRATION,
                            List.of(
                                    evidence(
                                            "voice",
                                            "voice",
                                            narrator.provenance(),
                                            "voice "
                                                    + voice
                                                    + ", locale "
                                                    + locale.tag()
                                                    + ", pacing "
                                                    + params.getPacing()
                                                    + ", "
                                                    + phrases.size()
                                                    + " phrases of the script",
                                            Receipts.of(ws.root().resolve(c.value().wavFile())))));
                    return c;
                });
    }

    private Attempt<CaptionsCheckpoint> captions(Checkpoints done) {
        Narration n = done.get(Stage.NARRATION, Narration.class);
        Script script = script(done);
        String title = script.title();
        double durationS = durationS(done);
        String text = title + " " + scriptText(script);
        return Attempt.local(
                "java2d",
                a -> {
                    CaptionsCheckpoint c = captions(n, title, durationS);
                    PostText.write(ws.path(PostText.fileName(locale)), locale, script);
                    ws.recordEvidence(
                            Stage.CAPTIONS,
                            FontEvidence.of(
                                    TextPainter.families(text, TextPainter.captionFont(12))));
                    return StageRunner.Costed.free(c);
                });
    }

    private Attempt<VisualsCheckpoint> visuals(Checkpoints done) {
        Script script = script(done);
        List<Integer> sceneIndex = slots(done).stream().map(s -> (int) s[0]).toList();
        SceneImages images = providers.images();
        return new Attempt<>(
                images.provider(),
                providers.breaker(images.provider()),
                true,
                a -> visuals(script, sceneIndex, images));
    }

    private Attempt<MusicCheckpoint> music(Checkpoints done) throws IOException {
        double durationS = durationS(done);
        MusicMood mood = params.getMusicMood();
        Optional<Path> fromFolder =
                MusicBed.fromFolder(providers.musicDir(), mood, job.jobId().hashCode());
        String provider =
                mood == MusicMood.NONE ? "none" : fromFolder.isPresent() ? "music-folder" : "synth";
        return Attempt.local(
                provider,
                a -> {
                    if (mood == MusicMood.NONE) {
                        ws.recordEvidence(Stage.MUSIC, List.of());
                        return StageRunner.Costed.free(new MusicCheckpoint(null));
                    }
                    if (fromFolder.isPresent()) {
                        Path track = fromFolder.get();
                        LicenceSidecar.Declared d = LicenceSidecar.of(track);
                        ws.recordEvidence(
                                Stage.MUSIC,
                                List.of(
                                        evidence(
                                                "music",
                                                "music",
                                                new Provenance(
                                                        provider, null, d.licence(), d.platforms()),
                                                "music folder: " + d.source(),
                                                Receipts.of(track))));
                        return StageRunner.Costed.free(
                                new MusicCheckpoint(track.toAbsolutePath().toString()));
                    }
                    Path out = ws.path("music.wav");
                    MusicSynth.write(mood, durationS + 1, job.jobId().hashCode(), out);
                    ws.recordEvidence(
                            Stage.MUSIC,
                            List.of(
                                    evidence(
                                            "music",
                                            "music",
                                            new Provenance(
                                                    "music-synth",
                                                    "flywheel MusicSynth",
                                                    Provenance.FLYWHEEL_GENERATED),
                                            "generated: mood "
                                                    + mood
                                                    + ", seed "
                                                    + job.jobId().hashCode(),
                                            Receipts.of(out))));
                    return StageRunner.Costed.free(new MusicCheckpoint(out.toString()));
                });
    }

    private Attempt<AssemblyCheckpoint> assembly(Checkpoints done) {
        Narration n = done.get(Stage.NARRATION, Narration.class);
        CaptionsCheckpoint c = done.get(Stage.CAPTIONS, CaptionsCheckpoint.class);
        VisualsCheckpoint v = done.get(Stage.VISUALS, VisualsCheckpoint.class);
        MusicCheckpoint m = done.get(Stage.MUSIC, MusicCheckpoint.class);
        double durationS = durationS(done);
        List<Long> starts = slots(done).stream().map(s -> s[1]).toList();
        String preset = job.preview() ? "ultrafast" : providers.preset();
        return Attempt.local(
                "ffmpeg-" + providers.ffmpeg().origin(),
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
                                        v.scenes().get(key).stream().map(Path::of).toList(),
                                        starts,
                                        durationS,
                                        Path.of(t.title()),
                                        t.titleRect(),
                                        Math.min(RenderPipeline.TITLE_SECONDS, durationS),
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
                            .assemble(plans, mix, params.getPacing(), Duration.ofMinutes(20));
                    return StageRunner.Costed.free(new AssemblyCheckpoint(mix.toString(), files));
                });
    }

    private Attempt<ThumbnailCheckpoint> thumbnails(Checkpoints done) {
        double durationS = durationS(done);
        String title = script(done).title();
        AssemblyCheckpoint asm = done.get(Stage.ASSEMBLY, AssemblyCheckpoint.class);
        Path firstVideo = Path.of(asm.renditions().values().iterator().next());
        return Attempt.local(
                "java2d",
                a -> {
                    List<Thumbnails.Thumbnail> made =
                            new Thumbnails(providers.ffmpeg())
                                    .make(
                                            firstVideo,
                                            durationS,
                                            RenderPipeline.TITLE_SECONDS + 0.2,
                                            title,
                                            Thumbnails.order(job.thumbnailStyle()),
                                            ws.dir("thumbnails"));
                    List<ThumbnailVariant> variants = new ArrayList<>();
                    for (int i = 0; i + 1 < made.size(); i += 2) {
                        Thumbnails.Thumbnail wide = made.get(i);
                        variants.add(
                                new ThumbnailVariant(
                                        wide.variant(),
                                        wide.style(),
                                        wide.frameS(),
                                        wide.file().toString(),
                                        made.get(i + 1).file().toString()));
                    }
                    return StageRunner.Costed.free(
                            new ThumbnailCheckpoint(
                                    made.stream().map(t -> t.file().toString()).toList(),
                                    variants));
                });
    }

    private Attempt<RenderResult> qa(Checkpoints done) {
        ScriptCheckpoint script = done.get(Stage.MODERATION, ScriptCheckpoint.class);
        CaptionsCheckpoint cap = done.get(Stage.CAPTIONS, CaptionsCheckpoint.class);
        AssemblyCheckpoint asm = done.get(Stage.ASSEMBLY, AssemblyCheckpoint.class);
        ThumbnailCheckpoint th = done.get(Stage.THUMBNAIL, ThumbnailCheckpoint.class);
        double durationS = durationS(done);
        Narration narration = done.get(Stage.NARRATION, Narration.class);
        List<long[]> slots = slots(done);
        RenditionQa qa =
                new RenditionQa(new MediaProbe(providers.ffmpeg()), AudioMixer.TARGET_LUFS);
        return Attempt.local(
                "ffprobe",
                a -> {
                    List<RenderResult.Output> outputs = new ArrayList<>();
                    List<String> problems = new ArrayList<>();
                    double lufs = Double.NaN;
                    Map<String, String> imageProviders = new LinkedHashMap<>();
                    ws.evidence().forEach(e -> imageProviders.put(e.assetKey(), e.provider()));
                    for (int i = 0; i < specs.size(); i++) {
                        RenditionSpec s = specs.get(i);
                        String key = renditionKey(i, s);
                        Path f = Path.of(asm.renditions().get(key));
                        RenditionQa.Report r =
                                qa.check(s.getLabel(), f, s.getWidth(), s.getHeight(), durationS);
                        r.problems().forEach(p -> problems.add(s.getLabel() + ": " + p));
                        List<TextBoxes.ScenePicture> pictures = new ArrayList<>();
                        for (int k = 0; k < slots.size(); k++) {
                            int scene = (int) slots.get(k)[0];
                            pictures.add(
                                    new TextBoxes.ScenePicture(
                                            script.script().scenes().get(scene),
                                            imageProviders.get("image:" + key + ":" + (scene + 1)),
                                            slots.get(k)[1] / 1000.0,
                                            k + 1 < slots.size()
                                                    ? slots.get(k + 1)[1] / 1000.0
                                                    : durationS));
                        }
                        LayoutCheck.problems(
                                        TextBoxes.of(
                                                script.script().title(),
                                                Math.min(RenderPipeline.TITLE_SECONDS, durationS),
                                                narration,
                                                captionStyle(),
                                                pictures,
                                                params.getVisualStyle(),
                                                params.getPlatform(),
                                                s.getWidth(),
                                                s.getHeight()),
                                        SafeArea.of(
                                                params.getPlatform(), s.getWidth(), s.getHeight()),
                                        s.getWidth(),
                                        s.getHeight())
                                .forEach(p -> problems.add(s.getLabel() + ": layout: " + p));
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
                    List<ThumbnailVariant> variants =
                            th.variants() == null
                                    ? List.of()
                                    : th.variants().stream()
                                            .map(
                                                    v ->
                                                            new ThumbnailVariant(
                                                                    v.variant(),
                                                                    v.style(),
                                                                    v.frameS(),
                                                                    ws.uri(Path.of(v.wideUri())),
                                                                    ws.uri(Path.of(v.tallUri()))))
                                            .toList();
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
                                    variants,
                                    ws.uri(Path.of(cap.srt())),
                                    ws.uri(Path.of(cap.vtt())),
                                    script.aiDisclosure(),
                                    script.moderationNotes(),
                                    ws.evidence(),
                                    PostText.hashtags(script.script())));
                });
    }

    private static AssetEvidence evidence(
            String key, String kind, Provenance p, String source, String receipt) {
        return new AssetEvidence(
                key,
                kind,
                p.provider(),
                p.version(),
                source,
                p.licence(),
                p.allowedPlatforms(),
                receipt);
    }

    /** The script's words: its title and every scene. */
    private static String scriptText(Script s) {
        StringBuilder sb = new StringBuilder(s.title());
        for (Script.Scene scene : s.scenes()) {
            sb.append('\n').append(scene.text());
        }
        return sb.toString();
    }

    private static Script script(Checkpoints done) {
        return done.get(Stage.MODERATION, ScriptCheckpoint.class).script();
    }

    /** The video's length: the narration's, cut at the platform's limit. */
    private double durationS(Checkpoints done) {
        Narration n = done.get(Stage.NARRATION, Narration.class);
        return Math.min(n.durationMs() / 1000.0, RenderJob.platformLimitS(params.getPlatform()));
    }

    private List<long[]> slots(Checkpoints done) {
        return sceneStarts(
                script(done), done.get(Stage.NARRATION, Narration.class), durationS(done));
    }

    static String renditionKey(int i, RenditionSpec s) {
        return (i + 1) + "-" + s.getWidth() + "x" + s.getHeight();
    }

    private CaptionsCheckpoint captions(Narration n, String title, double durationS)
            throws IOException {
        // English keeps the plain names; every other language's files carry its tag.
        String suffix = locale.isDefault() ? "" : "." + locale.tag();
        Path srt = ws.path("captions" + suffix + ".srt");
        Path vtt = ws.path("captions" + suffix + ".vtt");
        Files.writeString(srt, SubtitleFiles.srt(n, locale.rightToLeft()));
        Files.writeString(vtt, SubtitleFiles.vtt(n, locale.rightToLeft()));
        CaptionStyle style = captionStyle();
        Map<String, CaptionTrack> tracks = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            RenditionSpec s = specs.get(i);
            String key = renditionKey(i, s);
            Path dir = ws.dir("captions/" + key);
            CaptionOverlays.Track t =
                    CaptionOverlays.write(
                            n,
                            style,
                            params.getPlatform(),
                            s.getWidth(),
                            s.getHeight(),
                            durationS,
                            dir);
            Path titleFile = dir.resolve("title.png");
            int[] rect =
                    CaptionOverlays.writeTitle(
                            title, params.getPlatform(), s.getWidth(), s.getHeight(), titleFile);
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

    private CaptionStyle captionStyle() {
        CaptionStyle style = params.getCaptionStyle();
        return style == CaptionStyle.UNKNOWN ? CaptionStyle.SENTENCE : style;
    }

    private StageRunner.Costed<VisualsCheckpoint> visuals(
            Script script, List<Integer> sceneIndex, SceneImages images) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<AssetEvidence> evidence = new ArrayList<>();
        long cost = 0;
        for (int i = 0; i < specs.size(); i++) {
            RenditionSpec s = specs.get(i);
            String key = renditionKey(i, s);
            Path dir = ws.dir("scenes/" + key);
            int w =
                    ((int) Math.round(s.getWidth() * io.flywheel.render.visuals.KenBurns.MARGIN))
                            & ~1;
            int h =
                    ((int) Math.round(s.getHeight() * io.flywheel.render.visuals.KenBurns.MARGIN))
                            & ~1;
            List<String> files = new ArrayList<>();
            for (int k : sceneIndex) {
                Script.Scene scene = script.scenes().get(k);
                Path f = dir.resolve("scene-" + (k + 1) + ".jpg");
                StageRunner.Costed<Path> made = null;
                SceneImages by = images;
                List<SceneImages> before = new ArrayList<>();
                providers.library().ifPresent(before::add);
                before.addAll(providers.stock());
                for (SceneImages first : before) {
                    try {
                        made = first.render(scene, k, params.getVisualStyle(), w, h, f);
                        by = first;
                        break;
                    } catch (ProviderException e) {
                        if (!first.provider().equals("media-library")) {
                            // A stock library that fails (429, 5xx, timeout, no match) costs the
                            // scene its clip or photo, not the job: the next provider makes it.
                            LOG.warn(
                                    "trace {} job {}: scene {} gets nothing from {} ({}: {}); the next"
                                            + " provider makes its picture",
                                    job.traceId(),
                                    job.jobId(),
                                    k + 1,
                                    first.provider(),
                                    e.errorClass(),
                                    e.getMessage());
                            events.fellBack(Stage.VISUALS, first.provider(), e.errorClass());
                        }
                    }
                }
                if (made == null) {
                    made = images.render(scene, k, params.getVisualStyle(), w, h, f);
                }
                SceneImages.Attribution made0 =
                        by.attribution(scene, params.getVisualStyle(), made.value());
                evidence.add(
                        evidence(
                                "image:" + key + ":" + (k + 1),
                                "image",
                                made0.provenance(),
                                made0.source(),
                                Receipts.of(made.value())));
                cost += made.costMicroUsd();
                files.add(made.value().toString());
            }
            out.put(key, files);
        }
        ws.recordEvidence(Stage.VISUALS, evidence);
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
