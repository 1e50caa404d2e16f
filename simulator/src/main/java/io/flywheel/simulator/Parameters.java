package io.flywheel.simulator;

import io.flywheel.schemas.ArmKey;
import io.flywheel.schemas.ContentParameters;
import java.util.List;

/** Reads a content parameter by its schema name, as world files refer to them. */
final class Parameters {
    static final List<String> NAMES =
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
                    "posting_hour");

    private Parameters() {}

    static String value(ContentParameters p, String name) {
        return switch (name) {
            case "platform" -> p.getPlatform().name();
            case "niche" -> p.getNiche();
            case "hook_style" -> p.getHookStyle().name();
            case "pacing" -> p.getPacing().name();
            case "target_duration_s" -> Integer.toString(p.getTargetDurationS());
            case "voice" -> p.getVoice();
            case "music_mood" -> p.getMusicMood().name();
            case "caption_style" -> p.getCaptionStyle().name();
            case "visual_style" -> p.getVisualStyle().name();
            case "posting_hour" -> Integer.toString(p.getPostingHour());
            default -> throw new IllegalArgumentException("no content parameter named " + name);
        };
    }

    static String segment(ContentParameters p) {
        return ArmKey.segment(p);
    }
}
