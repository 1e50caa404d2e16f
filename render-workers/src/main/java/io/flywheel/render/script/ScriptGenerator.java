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
}
