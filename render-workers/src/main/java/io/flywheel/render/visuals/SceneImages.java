package io.flywheel.render.visuals;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.VisualStyle;
import java.nio.file.Path;

/** Makes the picture of one scene at a given size. */
public interface SceneImages {
    String provider();

    /** Whether a scene's file is a clip (an MP4 the assembler loops or trims) or a picture. */
    static boolean isClip(Path sceneFile) {
        return sceneFile.getFileName().toString().endsWith(".mp4");
    }

    default boolean paid() {
        return false;
    }

    /**
     * Writes the scene's picture, exactly width x height, to {@code out} (a JPEG), and returns its
     * path; a provider of stock clips writes an MP4 beside it instead and returns that path.
     */
    StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int width, int height, Path out)
            throws Exception;

    /**
     * Its model or version and the licence of the picture it makes (or chose) for {@code scene};
     * undeclared means missing evidence.
     */
    default io.flywheel.render.evidence.Provenance provenance(Script.Scene scene)
            throws java.io.IOException {
        return io.flywheel.render.evidence.Provenance.undeclared(provider());
    }

    /**
     * The evidence of the picture made at {@code made}: who made it, under which licence, from
     * what.
     */
    record Attribution(io.flywheel.render.evidence.Provenance provenance, String source) {}

    /**
     * The evidence of the picture it wrote to {@code made} for {@code scene}; by default its
     * declared provenance and source (a provider that chooses among others' pictures says which).
     */
    default Attribution attribution(Script.Scene scene, VisualStyle style, Path made)
            throws java.io.IOException {
        return new Attribution(provenance(scene), source(scene, style));
    }

    /** What the picture of {@code scene} was made from (the prompt, or the source file). */
    default String source(Script.Scene scene, VisualStyle style) throws java.io.IOException {
        return "scene keywords: " + String.join(", ", scene.keywords());
    }
}
