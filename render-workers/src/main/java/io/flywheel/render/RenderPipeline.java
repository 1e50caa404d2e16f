package io.flywheel.render;

import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailedException;
import io.flywheel.render.pipeline.StageRetries;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.Stage;
import io.flywheel.store.ThumbnailVariant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job from parameters to checked renditions, as the list of {@link RenderStages} run by one
 * loop under one checkpoint rule: a stage whose checkpoint the job's workspace already holds is
 * reported as resumed and not run; any other runs through the {@link StageRunner} (retries, circuit
 * breaker) and writes its checkpoint inside the attempt, before {@code StageCompleted} is sent, so
 * whoever sees the event can count on the checkpoint. Running the same job again resumes after the
 * last stage that completed.
 */
public final class RenderPipeline {
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

    /**
     * The thumbnail files, and each variant with its files' paths (null in a checkpoint written
     * before variants were recorded).
     */
    record ThumbnailCheckpoint(List<String> files, List<ThumbnailVariant> variants) {}

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
        StageRunner once = new StageRunner(events, StageRetries.once());
        Checkpoints done = new Checkpoints();
        for (PipelineStage<?> stage : new RenderStages(providers, job, ws, runner, events).all()) {
            run(stage, ws, done, runner, once, events);
        }
        RenderResult result = done.get(Stage.QA, RenderResult.class);
        if (publisher != null) {
            publisher.publish(result);
        }
        return result;
    }

    /** The checkpoint rule, the same for every stage. */
    private static <T> void run(
            PipelineStage<T> stage,
            JobWorkspace ws,
            Checkpoints done,
            StageRunner runner,
            StageRunner once,
            RenderEvents events)
            throws IOException {
        Optional<T> saved = ws.checkpoint(stage.name(), stage.produces());
        if (saved.isPresent()) {
            stage.reportsOnResume().forEach(events::resumed);
            done.put(stage.name(), saved.get());
            return;
        }
        done.require(stage.name(), stage.needs());
        StageFailedException last = null;
        for (int generation = 0; generation < stage.plans(); generation++) {
            PipelineStage.Attempt<T> attempt = stage.planner().plan(done, generation);
            try {
                T out =
                        (attempt.retried() ? runner : once)
                                .run(
                                        stage.name(),
                                        attempt.provider(),
                                        attempt.breaker(),
                                        a -> {
                                            StageRunner.Costed<T> c = attempt.call().call(a);
                                            ws.complete(stage.name(), c.value());
                                            return c;
                                        });
                done.put(stage.name(), out);
                return;
            } catch (StageFailedException e) {
                last = e;
            }
        }
        throw last;
    }
}
