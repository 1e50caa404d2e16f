package io.flywheel.api.scoring;

import io.flywheel.schemas.ArmKey;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;

/**
 * One arm: a full set of content parameters, as the API reads and writes it (enum values are the
 * schema's symbols, e.g. {@code TIKTOK}). Construct through {@link ArmSpace#validate} for input.
 */
public record Arm(
        String platform,
        String niche,
        String hookStyle,
        String pacing,
        int targetDurationS,
        String voice,
        String musicMood,
        String captionStyle,
        String visualStyle,
        int postingHour) {

    public ContentParameters toAvro() {
        return ContentParameters.newBuilder()
                .setPlatform(Platform.valueOf(platform))
                .setNiche(niche)
                .setHookStyle(HookStyle.valueOf(hookStyle))
                .setPacing(Pacing.valueOf(pacing))
                .setTargetDurationS(targetDurationS)
                .setVoice(voice)
                .setMusicMood(MusicMood.valueOf(musicMood))
                .setCaptionStyle(CaptionStyle.valueOf(captionStyle))
                .setVisualStyle(VisualStyle.valueOf(visualStyle))
                .setPostingHour(postingHour)
                .build();
    }

    /** The same text as {@link ArmKey#of}, without building the Avro record (a hot path). */
    public String armKey() {
        return String.join(
                "|",
                platform,
                niche,
                hookStyle,
                pacing,
                Integer.toString(targetDurationS),
                voice,
                musicMood,
                captionStyle,
                visualStyle,
                Integer.toString(postingHour));
    }

    /** The value of a parameter by its snake_case name, as text (numbers in decimal). */
    public String value(String parameter) {
        return switch (parameter) {
            case "platform" -> platform;
            case "niche" -> niche;
            case "hook_style" -> hookStyle;
            case "pacing" -> pacing;
            case "target_duration_s" -> Integer.toString(targetDurationS);
            case "voice" -> voice;
            case "music_mood" -> musicMood;
            case "caption_style" -> captionStyle;
            case "visual_style" -> visualStyle;
            case "posting_hour" -> Integer.toString(postingHour);
            default -> throw new IllegalArgumentException("no parameter " + parameter);
        };
    }
}
