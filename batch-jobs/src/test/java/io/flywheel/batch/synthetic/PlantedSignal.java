package io.flywheel.batch.synthetic;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A known truth for synthetic outcomes: the expected objective (engaged views at the horizon) of an
 * arm is a base plus additive effects, and the best hook style differs per segment. Posting hour
 * and voice have no effect. So the best arm of each segment is known in advance: its planted hook,
 * {@code FAST}, {@code UPBEAT}, {@code WORD_HIGHLIGHT}, {@code BOLD}, 30 s.
 */
public final class PlantedSignal {
    public static final List<Platform> PLATFORMS =
            List.of(Platform.YOUTUBE_SHORTS, Platform.TIKTOK);
    public static final List<String> NICHES = List.of("personal-finance", "fitness");
    public static final List<String> VOICES = List.of("en-us+f3", "en-us+m2");
    public static final List<Integer> DURATIONS = List.of(15, 30, 45, 60);
    public static final List<Integer> HOURS = List.of(8, 12, 18, 21);
    public static final double BASE = 300;
    public static final double NOISE_SD = 40;

    /** The planted best hook of each segment ("PLATFORM/niche"). */
    public static final Map<String, HookStyle> BEST_HOOK =
            Map.of(
                    "YOUTUBE_SHORTS/personal-finance", HookStyle.STATISTIC,
                    "YOUTUBE_SHORTS/fitness", HookStyle.STORY,
                    "TIKTOK/personal-finance", HookStyle.CONTRARIAN,
                    "TIKTOK/fitness", HookStyle.POV);

    /**
     * The parameter whose best value differs per segment, and its second-best value everywhere (an
     * experiment's natural control).
     */
    public static final String PLANTED = "hook_style";

    public static final String CONTROL = HookStyle.QUESTION.name();

    private PlantedSignal() {}

    /** The planted parameter's best value in a segment ("PLATFORM/niche"). */
    public static String best(String segment) {
        return BEST_HOOK.get(segment).name();
    }

    public static String segment(Platform platform, String niche) {
        return platform.name() + "/" + niche;
    }

    /** The expected objective of an arm: no noise. */
    public static double expected(ContentParameters p) {
        double v = BASE;
        HookStyle best = BEST_HOOK.get(segment(p.getPlatform(), p.getNiche()));
        v += p.getHookStyle() == best ? 250 : p.getHookStyle() == HookStyle.QUESTION ? 40 : 0;
        v +=
                switch (p.getPacing()) {
                    case FAST -> 120;
                    case MEDIUM -> 40;
                    default -> 0;
                };
        v +=
                switch (p.getMusicMood()) {
                    case UPBEAT -> 80;
                    case LOFI -> 20;
                    case NONE -> -30;
                    default -> 0;
                };
        v +=
                switch (p.getCaptionStyle()) {
                    case WORD_HIGHLIGHT -> 60;
                    default -> 0;
                };
        v += p.getVisualStyle() == VisualStyle.BOLD ? 60 : 0;
        v +=
                switch (p.getTargetDurationS()) {
                    case 30 -> 60;
                    case 60 -> -40;
                    default -> 0;
                };
        if (p.getPlatform() == Platform.TIKTOK) {
            v += 100;
        }
        return v;
    }

    /** One observed outcome: expected value plus Gaussian noise, never negative. */
    public static long observe(ContentParameters p, Random random) {
        return Math.max(0, Math.round(expected(p) + random.nextGaussian() * NOISE_SD));
    }

    /** A uniformly random arm in a uniformly random segment. */
    public static ContentParameters randomArm(Random r) {
        return ContentParameters.newBuilder()
                .setPlatform(PLATFORMS.get(r.nextInt(PLATFORMS.size())))
                .setNiche(NICHES.get(r.nextInt(NICHES.size())))
                .setHookStyle(pick(r, HookStyle.values()))
                .setPacing(pick(r, Pacing.values()))
                .setTargetDurationS(DURATIONS.get(r.nextInt(DURATIONS.size())))
                .setVoice(VOICES.get(r.nextInt(VOICES.size())))
                .setMusicMood(pick(r, MusicMood.values()))
                .setCaptionStyle(pick(r, CaptionStyle.values()))
                .setVisualStyle(pick(r, VisualStyle.values()))
                .setPostingHour(HOURS.get(r.nextInt(HOURS.size())))
                .build();
    }

    /** A random symbol other than UNKNOWN (which only older readers see). */
    private static <E extends Enum<E>> E pick(Random r, E[] values) {
        return values[1 + r.nextInt(values.length - 1)];
    }

    /** The number of arms {@link #randomArm} draws from in one segment. */
    public static int armsPerSegment() {
        return (HookStyle.values().length - 1)
                * (Pacing.values().length - 1)
                * DURATIONS.size()
                * VOICES.size()
                * (MusicMood.values().length - 1)
                * (CaptionStyle.values().length - 1)
                * (VisualStyle.values().length - 1)
                * HOURS.size();
    }
}
