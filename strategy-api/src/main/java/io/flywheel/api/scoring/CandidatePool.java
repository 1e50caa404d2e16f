package io.flywheel.api.scoring;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

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
     * arms to the design when a model scores; v3 offers the voices of the one parameter space.
     */
    public static final String VERSION = "pool-v3";

    private CandidatePool() {}

    /**
     * The design: one shuffled column per chosen parameter ({@link ParameterTable#chosen()}, salted
     * by its place), every value equally often.
     */
    public static List<Arm> forSegment(String platform, String niche) {
        long seed = fnv1a(platform + "/" + niche);
        List<Parameter> chosen = ParameterTable.chosen();
        List<List<String>> columns = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            columns.add(column(chosen.get(k).values(), seed, k + 1));
        }
        Set<Arm> arms = new LinkedHashSet<>();
        for (int i = 0; i < SIZE; i++) {
            List<Object> values = new ArrayList<>(List.of(platform, niche));
            for (List<String> c : columns) {
                values.add(c.get(i));
            }
            arms.add(Arm.of(values));
        }
        return List.copyOf(arms);
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
