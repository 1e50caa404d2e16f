package io.flywheel.render.visuals;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.VisualStyle;
import java.nio.file.Path;

/** Makes the picture of one scene at a given size. */
public interface SceneImages {
    String provider();

    default boolean paid() {
        return false;
    }

    /** Writes the scene's picture, exactly width x height, to {@code out} (a JPEG). */
    StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int width, int height, Path out)
            throws Exception;
}
