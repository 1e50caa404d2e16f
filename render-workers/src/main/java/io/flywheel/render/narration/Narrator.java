package io.flywheel.render.narration;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.schemas.Pacing;
import java.nio.file.Path;
import java.util.List;

/** Speaks phrases with a voice and pace into one WAV, with each phrase's exact timing. */
public interface Narrator {
    String provider();

    default boolean paid() {
        return false;
    }

    StageRunner.Costed<Narration> narrate(
            List<Phrases.Phrase> phrases, String voice, Pacing pacing, Path dir) throws Exception;

    /** Its model or version and the licence of its speech; undeclared means missing evidence. */
    default io.flywheel.render.evidence.Provenance provenance() {
        return io.flywheel.render.evidence.Provenance.undeclared(provider());
    }
}
