package io.flywheel.batch.recommend;

import io.flywheel.batch.model.Arm;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.VisualStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The arms a segment could try next: every combination of the enum parameters' symbols (UNKNOWN
 * excepted) with the given durations, voices and posting hours. When there are more than {@code
 * max}, a seeded uniform sample of {@code max} of them.
 */
public final class CandidateArms {
    static final List<String> HOOKS = symbols(HookStyle.values());
    static final List<String> PACINGS = symbols(Pacing.values());
    static final List<String> MOODS = symbols(MusicMood.values());
    static final List<String> CAPTIONS = symbols(CaptionStyle.values());
    static final List<String> VISUALS = symbols(VisualStyle.values());

    private CandidateArms() {}

    public static List<Arm> of(
            String platform,
            String niche,
            List<Integer> durations,
            List<String> voices,
            List<Integer> hours,
            int max,
            long seed) {
        int[] sizes = {
            HOOKS.size(),
            PACINGS.size(),
            durations.size(),
            voices.size(),
            MOODS.size(),
            CAPTIONS.size(),
            VISUALS.size(),
            hours.size()
        };
        long total = 1;
        for (int s : sizes) {
            total *= s;
        }
        List<Arm> out = new ArrayList<>();
        if (total == 0) {
            return out;
        }
        if (total <= max) {
            for (long i = 0; i < total; i++) {
                out.add(arm(platform, niche, durations, voices, hours, sizes, i));
            }
            return out;
        }
        Random r = new Random(seed);
        Set<Long> picked = new LinkedHashSet<>();
        while (picked.size() < max) {
            picked.add(Math.floorMod(r.nextLong(), total));
        }
        for (long i : picked) {
            out.add(arm(platform, niche, durations, voices, hours, sizes, i));
        }
        return out;
    }

    private static Arm arm(
            String platform,
            String niche,
            List<Integer> durations,
            List<String> voices,
            List<Integer> hours,
            int[] sizes,
            long index) {
        int[] d = new int[sizes.length];
        long rest = index;
        for (int k = sizes.length - 1; k >= 0; k--) {
            d[k] = (int) (rest % sizes[k]);
            rest /= sizes[k];
        }
        return new Arm(
                platform,
                niche,
                HOOKS.get(d[0]),
                PACINGS.get(d[1]),
                durations.get(d[2]),
                voices.get(d[3]),
                MOODS.get(d[4]),
                CAPTIONS.get(d[5]),
                VISUALS.get(d[6]),
                hours.get(d[7]));
    }

    /**
     * A cold start's exploration set: {@code n} arms in which every level of every parameter
     * appears as evenly as possible (arm i takes level (i + offset) mod size of each parameter,
     * each parameter's level order shuffled with the seed), so the first data covers the space.
     */
    public static List<Arm> diverse(
            String platform,
            String niche,
            List<Integer> durations,
            List<String> voices,
            List<Integer> hours,
            int n,
            long seed) {
        Random r = new Random(seed);
        List<String> hooks = shuffled(HOOKS, r);
        List<String> pacings = shuffled(PACINGS, r);
        List<Integer> ds = shuffled(durations, r);
        List<String> vs = shuffled(voices, r);
        List<String> moods = shuffled(MOODS, r);
        List<String> captions = shuffled(CAPTIONS, r);
        List<String> visuals = shuffled(VISUALS, r);
        List<Integer> hs = shuffled(hours, r);
        List<Arm> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    new Arm(
                            platform,
                            niche,
                            hooks.get(i % hooks.size()),
                            pacings.get(i % pacings.size()),
                            ds.get(i % ds.size()),
                            vs.get(i % vs.size()),
                            moods.get(i % moods.size()),
                            captions.get(i % captions.size()),
                            visuals.get(i % visuals.size()),
                            hs.get(i % hs.size())));
        }
        return out;
    }

    private static <T> List<T> shuffled(List<T> values, Random r) {
        List<T> copy = new ArrayList<>(values);
        java.util.Collections.shuffle(copy, r);
        return copy;
    }

    private static List<String> symbols(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).filter(s -> !s.equals("UNKNOWN")).toList();
    }
}
