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

        /** One arm drawn uniformly from this space (one draw per parameter, in order). */
        public Arm random(String platform, String niche, Random r) {
            List<Object> values = new ArrayList<>(List.of(platform, niche));
            for (List<String> v : chosenValues(this)) {
                values.add(v.get(r.nextInt(v.size())));
            }
            return Arm.of(values);
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

    /**
     * Every arm of the segment in the space if there are at most {@code max}, else a seeded uniform
     * sample of {@code max} distinct ones.
     */
    public static List<Arm> of(String platform, String niche, Space space, int max, long seed) {
        List<List<String>> values = chosenValues(space);
        long total = 1;
        for (List<String> v : values) {
            total *= v.size();
        }
        List<Arm> out = new ArrayList<>();
        if (total == 0) {
            return out;
        }
        if (total <= max) {
            for (long i = 0; i < total; i++) {
                out.add(arm(platform, niche, values, i));
            }
            return out;
        }
        Random r = new Random(seed);
        Set<Long> picked = new LinkedHashSet<>();
        while (picked.size() < max) {
            picked.add(Math.floorMod(r.nextLong(), total));
        }
        for (long i : picked) {
            out.add(arm(platform, niche, values, i));
        }
        return out;
    }

    public static List<Arm> of(
            String platform,
            String niche,
            List<Integer> durations,
            List<String> voices,
            List<Integer> hours,
            int max,
            long seed) {
        return of(platform, niche, new Space(durations, voices, hours), max, seed);
    }

    /** The arm of a mixed-radix index over the parameters' values (the last varies fastest). */
    private static Arm arm(String platform, String niche, List<List<String>> values, long index) {
        String[] chosen = new String[values.size()];
        long rest = index;
        for (int k = values.size() - 1; k >= 0; k--) {
            List<String> v = values.get(k);
            chosen[k] = v.get((int) (rest % v.size()));
            rest /= v.size();
        }
        List<Object> all = new ArrayList<>(List.of(platform, niche));
        all.addAll(List.of(chosen));
        return Arm.of(all);
    }

    /**
     * A cold start's exploration set: {@code n} arms in which every level of every parameter
     * appears as evenly as possible (arm i takes level (i + offset) mod size of each parameter,
     * each parameter's level order shuffled with the seed), so the first data covers the space.
     */
    public static List<Arm> diverse(String platform, String niche, Space space, int n, long seed) {
        Random r = new Random(seed);
        List<List<String>> levels = new ArrayList<>();
        for (List<String> v : chosenValues(space)) {
            levels.add(shuffled(v, r));
        }
        List<Arm> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> values = new ArrayList<>(List.of(platform, niche));
            for (List<String> l : levels) {
                values.add(l.get(i % l.size()));
            }
            out.add(Arm.of(values));
        }
        return out;
    }

    public static List<Arm> diverse(
            String platform,
            String niche,
            List<Integer> durations,
            List<String> voices,
            List<Integer> hours,
            int n,
            long seed) {
        return diverse(platform, niche, new Space(durations, voices, hours), n, seed);
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
