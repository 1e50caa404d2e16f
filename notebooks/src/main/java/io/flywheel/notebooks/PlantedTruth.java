package io.flywheel.notebooks;

import io.flywheel.batch.synthetic.PlantedSignal;
import io.flywheel.model.Arm;

/**
 * The true expected outcome of an arm in the sample lake, whose outcomes follow {@link
 * PlantedSignal}: what a model's estimates are compared with.
 */
public final class PlantedTruth {
    private PlantedTruth() {}

    public static double expected(Arm a) {
        return PlantedSignal.expected(a.toAvro());
    }
}
