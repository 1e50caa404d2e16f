package io.flywheel.notebooks;

import io.flywheel.batch.synthetic.PlantedSignal;
import io.flywheel.model.Arm;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;

/**
 * The true expected outcome of an arm in the sample lake, whose outcomes follow {@link
 * PlantedSignal}: what a model's estimates are compared with.
 */
public final class PlantedTruth {
    private PlantedTruth() {}

    public static double expected(Arm a) {
        return PlantedSignal.expected(
                ContentParameters.newBuilder()
                        .setPlatform(Platform.valueOf(a.platform()))
                        .setNiche(a.niche())
                        .setHookStyle(HookStyle.valueOf(a.hookStyle()))
                        .setPacing(Pacing.valueOf(a.pacing()))
                        .setTargetDurationS(a.targetDurationS())
                        .setVoice(a.voice())
                        .setMusicMood(MusicMood.valueOf(a.musicMood()))
                        .setCaptionStyle(CaptionStyle.valueOf(a.captionStyle()))
                        .setVisualStyle(VisualStyle.valueOf(a.visualStyle()))
                        .setPostingHour(a.postingHour())
                        .build());
    }
}
