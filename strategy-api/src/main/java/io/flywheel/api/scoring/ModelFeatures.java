package io.flywheel.api.scoring;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.util.Arrays;
import java.util.List;

/**
 * An arm as the boosters see it, exactly as batch-jobs' FeatureEncoder builds it for training: a
 * categorical parameter is its position in a fixed vocabulary (the Avro enum's symbols, UNKNOWN
 * included, for enums; the model's sorted niche and voice lists from {@code metadata.json}, -1 when
 * unseen), then duration, hour, and the hour on the unit circle. Serving must encode as training
 * did or the boosters silently mispredict, so a model listing other features is refused.
 */
public final class ModelFeatures {
    public static final List<String> FEATURES =
            List.of(
                    "platform",
                    "niche",
                    "hook_style",
                    "pacing",
                    "target_duration_s",
                    "voice",
                    "music_mood",
                    "caption_style",
                    "visual_style",
                    "posting_hour",
                    "posting_hour_sin",
                    "posting_hour_cos");

    private static final List<String> PLATFORMS = symbols(Platform.values());
    private static final List<String> HOOKS = symbols(HookStyle.values());
    private static final List<String> PACINGS = symbols(Pacing.values());
    private static final List<String> MOODS = symbols(MusicMood.values());
    private static final List<String> CAPTIONS = symbols(CaptionStyle.values());
    private static final List<String> VISUALS = symbols(VisualStyle.values());

    private final List<String> niches;
    private final List<String> voices;

    public ModelFeatures(List<String> features, List<String> niches, List<String> voices) {
        if (!FEATURES.equals(features)) {
            throw new IllegalArgumentException(
                    "the model uses features " + features + "; serving knows " + FEATURES);
        }
        this.niches = List.copyOf(niches);
        this.voices = List.copyOf(voices);
    }

    public int width() {
        return FEATURES.size();
    }

    public void encode(Arm a, float[] out, int offset) {
        double hour = a.postingHour();
        out[offset] = PLATFORMS.indexOf(a.platform());
        out[offset + 1] = niches.indexOf(a.niche());
        out[offset + 2] = HOOKS.indexOf(a.hookStyle());
        out[offset + 3] = PACINGS.indexOf(a.pacing());
        out[offset + 4] = a.targetDurationS();
        out[offset + 5] = voices.indexOf(a.voice());
        out[offset + 6] = MOODS.indexOf(a.musicMood());
        out[offset + 7] = CAPTIONS.indexOf(a.captionStyle());
        out[offset + 8] = VISUALS.indexOf(a.visualStyle());
        out[offset + 9] = (float) hour;
        out[offset + 10] = (float) Math.sin(hour * 2 * Math.PI / 24);
        out[offset + 11] = (float) Math.cos(hour * 2 * Math.PI / 24);
    }

    private static List<String> symbols(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
