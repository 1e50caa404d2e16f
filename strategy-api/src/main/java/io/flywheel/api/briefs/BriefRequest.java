package io.flywheel.api.briefs;

/**
 * "Make {@code count} videos for {@code platform} and {@code niche} with exploration share {@code
 * explorationShare}." Boxed fields so that a missing one is told apart from zero.
 */
public record BriefRequest(
        String platform, String niche, Integer count, Double explorationShare, Long seed) {}
