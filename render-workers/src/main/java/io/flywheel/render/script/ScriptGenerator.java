package io.flywheel.render.script;

import io.flywheel.render.pipeline.StageRunner;

/** Writes a script for a request. */
public interface ScriptGenerator {
    String provider();

    /** Whether calling it costs money (then a closed budget gate skips it). */
    default boolean paid() {
        return false;
    }

    StageRunner.Costed<Script> generate(ScriptRequest request) throws Exception;

    /** Its model or version and the licence of its scripts; undeclared means missing evidence. */
    default io.flywheel.render.evidence.Provenance provenance() {
        return io.flywheel.render.evidence.Provenance.undeclared(provider());
    }

    /** What a script was made from (the prompt, or the template and seed), for its evidence. */
    default String source(ScriptRequest request) {
        return request.toString();
    }
}
