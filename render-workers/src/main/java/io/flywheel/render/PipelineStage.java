package io.flywheel.render;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.schemas.Stage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.util.List;

/**
 * One stage of a render as {@link RenderPipeline}'s loop sees it: the checkpoint it writes, the
 * checkpoints it reads, and how to make its attempt from them.
 *
 * @param name the stage, and the name of the checkpoint it writes
 * @param needs the stages whose checkpoints it reads; all come earlier in the list
 * @param produces the type of its checkpoint
 * @param reportsOnResume the stages reported as resumed when its checkpoint is already there (the
 *     script's checkpoint is written by its moderation, so it reports both)
 * @param plans how often it is planned anew after it failed (a rejected script is replaced by a new
 *     one); 1 for most stages
 * @param planner makes the attempt from the checkpoints written so far
 */
record PipelineStage<T>(
        Stage name,
        List<Stage> needs,
        Class<T> produces,
        List<Stage> reportsOnResume,
        int plans,
        Planner<T> planner) {

    /** Makes the attempt; {@code generation} counts the plans, from 0. */
    @FunctionalInterface
    interface Planner<T> {
        Attempt<T> plan(Checkpoints done, int generation) throws IOException;
    }

    /**
     * What the loop hands to the {@link StageRunner}.
     *
     * @param breaker the provider's circuit breaker, or null for local work
     * @param retried false when a failure must not be retried as such (moderation: a new script is
     *     made instead)
     */
    record Attempt<T>(
            String provider, CircuitBreaker breaker, boolean retried, StageRunner.Call<T> call) {
        static <T> Attempt<T> local(String provider, StageRunner.Call<T> call) {
            return new Attempt<>(provider, null, true, call);
        }
    }

    /** A stage planned once, whose checkpoint reports only itself on resume. */
    static <T> PipelineStage<T> of(
            Stage name, Class<T> produces, List<Stage> needs, Once<T> planner) {
        return new PipelineStage<>(
                name, needs, produces, List.of(name), 1, (done, gen) -> planner.plan(done));
    }

    /** Makes the attempt of a stage that is planned once. */
    @FunctionalInterface
    interface Once<T> {
        Attempt<T> plan(Checkpoints done) throws IOException;
    }
}
