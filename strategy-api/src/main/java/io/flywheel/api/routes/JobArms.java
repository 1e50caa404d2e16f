package io.flywheel.api.routes;

import io.flywheel.model.Arm;
import io.flywheel.store.ContentJob;

/** The arm a content job was made with. */
final class JobArms {
    private JobArms() {}

    static Arm of(ContentJob j) {
        return new Arm(
                j.platform(),
                j.niche(),
                j.hookStyle(),
                j.pacing(),
                j.targetDurationS(),
                j.voice(),
                j.musicMood(),
                j.captionStyle(),
                j.visualStyle(),
                j.postingHour());
    }
}
