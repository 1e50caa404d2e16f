package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.ParameterSpace;
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

    /**
     * The values a segment's arms can take beyond the enums: durations, voices, posting hours. The
     * default is the {@link ParameterSpace} every renderer supports, with every hour of the day.
     */
    public record Space(List<Integer> durations, List<String> voices, List<Integer> hours) {
        public Space {
            durations = List.copyOf(durations);
            voices = List.copyOf(voices);
            hours = List.copyOf(hours);
        }

        public static Space of(ParameterSpace p) {
            List<Integer> hours = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                hours.add(h);
            }
            return new Space(p.durationsS(), p.voices(), hours);
        }

        /** This space with the values a segment has already tried added (sorted, distinct). */
        public Space plus(List<Integer> durations, List<String> voices, List<Integer> hours) {
            return new Space(
                    union(this.durations, durations),
                    union(this.voices, voices),
                    union(this.hours, hours));
        }

        /** One arm drawn uniformly from this space. */
        public Arm random(String platform, String niche, Random r) {
            return new Arm(
                    platform,
                    niche,
                    HOOKS.get(r.nextInt(HOOKS.size())),
                    PACINGS.get(r.nextInt(PACINGS.size())),
                    durations.get(r.nextInt(durations.size())),
                    voices.get(r.nextInt(voices.size())),
                    MOODS.get(r.nextInt(MOODS.size())),
                    CAPTIONS.get(r.nextInt(CAPTIONS.size())),
                    VISUALS.get(r.nextInt(VISUALS.size())),
                    hours.get(r.nextInt(hours.size())));
        }

        private static <T extends Comparable<T>> List<T> union(List<T> a, List<T> b) {
            java.util.TreeSet<T> s = new java.util.TreeSet<>(a);
            if (b != null) {
                s.addAll(b);
            }
            return List.copyOf(s);
        }
    }

    /** Each content parameter's values in a space, as text, in the effects model's order. */
    public static List<List<String>> contentValues(Space space) {
        return List.of(
                HOOKS,
                PACINGS,
                space.durations().stream().map(String::valueOf).toList(),
                space.voices(),
                MOODS,
                CAPTIONS,
                VISUALS);
    }

    /**
     * Each chosen parameter's values in a space ({@link io.flywheel.model.ParameterTable#chosen()}:
     * the content values, then the hours), as text.
     */
    public static List<List<String>> chosenValues(Space space) {
        List<List<String>> out = new ArrayList<>(contentValues(space));
        out.add(space.hours().stream().map(String::valueOf).toList());
        return out;
    }

    public static List<Arm> of(String platform, String niche, Space space, int max, long seed) {
        return of(platform, niche, space.durations(), space.voices(), space.hours(), max, seed);
    }

    public static List<Arm> diverse(String platform, String niche, Space space, int n, long seed) {
        return diverse(platform, niche, space.durations(), space.voices(), space.hours(), n, seed);
    }

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
