package io.flywheel.api.routes;

import io.flywheel.api.scoring.Pick;
import io.flywheel.model.Arm;

/** What a response says of one arm the policy picked (a recommendation or a brief's job). */
record PickFields(
        String armKey,
        Arm parameters,
        Double predictedObjective,
        Double spread,
        String modelVersion,
        boolean exploration,
        double selectionProbability) {

    static PickFields of(Pick p) {
        return new PickFields(
                p.arm().armKey(),
                p.arm(),
                p.predictedObjective(),
                p.spread(),
                p.modelVersion(),
                p.exploration(),
                p.selectionProbability());
    }
}
