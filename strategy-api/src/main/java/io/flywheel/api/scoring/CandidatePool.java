package io.flywheel.api.scoring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The arms that recommendations choose from for one segment (platform and niche): a fixed, balanced
 * design of {@value #SIZE} arms in which every value of every parameter appears equally often (240
 * is a multiple of each parameter's count of values), the columns shuffled independently with a
 * seed derived from the segment. The same segment always gets the same pool, so recommendations are
 * reproducible; a cold start draws from it uniformly, which makes it the documented diverse
 * exploration set.
 */
public final class CandidatePool {
    public static final int SIZE = 240;

    /**
     * Names the pool, so a changed pool shows in the policy version: v2 adds the batch's published
     * arms to the design when a model scores.
     */
    public static final String VERSION = "pool-v2";

    private CandidatePool() {}

    public static List<Arm> forSegment(String platform, String niche) {
        long seed = fnv1a(platform + "/" + niche);
        List<String> hooks = column(ArmSpace.HOOK_STYLES, seed, 1);
        List<String> pacings = column(ArmSpace.PACINGS, seed, 2);
        List<String> durations =
                column(ArmSpace.DURATIONS.stream().map(String::valueOf).toList(), seed, 3);
        List<String> voices = column(ArmSpace.VOICES, seed, 4);
        List<String> music = column(ArmSpace.MUSIC_MOODS, seed, 5);
        List<String> captions = column(ArmSpace.CAPTION_STYLES, seed, 6);
        List<String> visuals = column(ArmSpace.VISUAL_STYLES, seed, 7);
        List<String> hours = column(range(24, Integer::toString), seed, 8);
        Set<Arm> arms = new LinkedHashSet<>();
        for (int i = 0; i < SIZE; i++) {
            arms.add(
                    new Arm(
                            platform,
                            niche,
                            hooks.get(i),
                            pacings.get(i),
                            Integer.parseInt(durations.get(i)),
                            voices.get(i),
                            music.get(i),
                            captions.get(i),
                            visuals.get(i),
                            Integer.parseInt(hours.get(i))));
        }
        return List.copyOf(arms);
    }

    private static List<String> range(int n, IntFunction<String> f) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(f.apply(i));
        }
        return out;
    }

    private static List<String> column(List<String> values, long seed, int salt) {
        List<String> out = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) {
            out.add(values.get(i % values.size()));
        }
        Collections.shuffle(out, new Random(seed * 31 + salt));
        return out;
    }

    /** FNV-1a: a hash that is the same on every JVM (String.hashCode is too, but collides more). */
    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
