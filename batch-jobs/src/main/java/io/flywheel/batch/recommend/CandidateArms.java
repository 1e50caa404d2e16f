package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The arms a segment could try next: every combination of the values of a {@link ParameterSpace}.
 * When there are more than {@code max}, a seeded uniform sample of {@code max} of them.
 */
public final class CandidateArms {
    private CandidateArms() {}

    /**
     * Every arm of the segment in the space if there are at most {@code max}, else a seeded uniform
     * sample of {@code max} distinct ones.
     */
    public static List<Arm> of(
            String platform, String niche, ParameterSpace space, int max, long seed) {
        List<List<String>> values = space.chosenValues();
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
    public static List<Arm> diverse(
            String platform, String niche, ParameterSpace space, int n, long seed) {
        Random r = new Random(seed);
        List<List<String>> levels = new ArrayList<>();
        for (List<String> v : space.chosenValues()) {
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

    private static <T> List<T> shuffled(List<T> values, Random r) {
        List<T> copy = new ArrayList<>(values);
        java.util.Collections.shuffle(copy, r);
        return copy;
    }
}
