package io.flywheel.api.briefs;

import java.util.List;

/**
 * "Make {@code count} videos for {@code platform} and {@code niche} with exploration share {@code
 * explorationShare}", optionally in the given renditions (the platform's default when absent) and
 * locale (a BCP 47 tag such as {@code es-ES}; the channel's default locale when absent). Boxed
 * fields so that a missing one is told apart from zero.
 */
public record BriefRequest(
        String platform,
        String niche,
        Integer count,
        Double explorationShare,
        Long seed,
        List<RenditionRequest> renditions,
        String locale) {

    /** One output size, e.g. {@code {"label": "preview", "width": 360, "height": 640}}. */
    public record RenditionRequest(String label, Integer width, Integer height) {}
}
