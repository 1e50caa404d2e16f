package io.flywheel.render;

import io.flywheel.schemas.Stage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The checkpoints of one job's completed stages, read back or just written, by stage. */
final class Checkpoints {
    private final Map<Stage, Object> done = new EnumMap<>(Stage.class);

    void put(Stage stage, Object checkpoint) {
        done.put(stage, checkpoint);
    }

    boolean has(Stage stage) {
        return done.containsKey(stage);
    }

    <T> T get(Stage stage, Class<T> type) {
        Object c = done.get(stage);
        if (c == null) {
            throw new IllegalStateException("the " + stage + " checkpoint is not there yet");
        }
        return type.cast(c);
    }

    /** Fails when a stage would run before one whose checkpoint it reads. */
    void require(Stage stage, List<Stage> needs) {
        for (Stage n : needs) {
            if (!has(n)) {
                throw new IllegalStateException(stage + " needs the " + n + " checkpoint first");
            }
        }
    }
}
