package io.flywheel.schemas;

/**
 * The canonical text of an arm (one set of content parameters), used as a grouping key in
 * PostgreSQL, Flink and Spark alike: the ten parameters in schema order, separated by {@code |}.
 * Niche and voice are slugs/ids without {@code |}, so the key is unambiguous.
 */
public final class ArmKey {
    private ArmKey() {}

    public static String of(ContentParameters p) {
        return String.join(
                "|",
                p.getPlatform().name(),
                p.getNiche(),
                p.getHookStyle().name(),
                p.getPacing().name(),
                Integer.toString(p.getTargetDurationS()),
                p.getVoice(),
                p.getMusicMood().name(),
                p.getCaptionStyle().name(),
                p.getVisualStyle().name(),
                Integer.toString(p.getPostingHour()));
    }

    /** The segment an arm belongs to for recommendations: platform and niche. */
    public static String segment(ContentParameters p) {
        return p.getPlatform().name() + "/" + p.getNiche();
    }
}
