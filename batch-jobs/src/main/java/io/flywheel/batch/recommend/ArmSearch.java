package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finds a scorer's best arm of a segment without enumerating the half million arms each segment
 * has: steepest ascent over single-parameter changes (every other value of one parameter, the rest
 * kept), from a start arm until no change scores higher. A model whose effects mostly add up (ours
 * learns the log of the expected count) is maximised this way in a few steps of about fifty arms.
 */
public final class ArmSearch {
    private static final int MAX_STEPS = 30;

    private ArmSearch() {}

    /** The arm reached from {@code start}; {@code score} gives one value per arm, in order. */
    public static Arm climb(
            Arm start, CandidateArms.Space space, Function<List<Arm>, double[]> score) {
        Arm current = start;
        double best = score.apply(List.of(start))[0];
        for (int step = 0; step < MAX_STEPS; step++) {
            List<Arm> next = neighbours(current, space);
            double[] s = score.apply(next);
            int arg = -1;
            for (int i = 0; i < s.length; i++) {
                if (s[i] > best && (arg < 0 || s[i] > s[arg])) {
                    arg = i;
                }
            }
            if (arg < 0) {
                return current;
            }
            best = s[arg];
            current = next.get(arg);
        }
        return current;
    }

    /** Every arm that differs from {@code a} in exactly one parameter. */
    public static List<Arm> neighbours(Arm a, CandidateArms.Space space) {
        List<Arm> out = new ArrayList<>();
        for (String v : CandidateArms.HOOKS) {
            if (!v.equals(a.hookStyle())) {
                out.add(
                        with(
                                a,
                                v,
                                a.pacing(),
                                a.targetDurationS(),
                                a.voice(),
                                a.musicMood(),
                                a.captionStyle(),
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (String v : CandidateArms.PACINGS) {
            if (!v.equals(a.pacing())) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                v,
                                a.targetDurationS(),
                                a.voice(),
                                a.musicMood(),
                                a.captionStyle(),
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (int v : space.durations()) {
            if (v != a.targetDurationS()) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                v,
                                a.voice(),
                                a.musicMood(),
                                a.captionStyle(),
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (String v : space.voices()) {
            if (!v.equals(a.voice())) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                a.targetDurationS(),
                                v,
                                a.musicMood(),
                                a.captionStyle(),
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (String v : CandidateArms.MOODS) {
            if (!v.equals(a.musicMood())) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                a.targetDurationS(),
                                a.voice(),
                                v,
                                a.captionStyle(),
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (String v : CandidateArms.CAPTIONS) {
            if (!v.equals(a.captionStyle())) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                a.targetDurationS(),
                                a.voice(),
                                a.musicMood(),
                                v,
                                a.visualStyle(),
                                a.postingHour()));
            }
        }
        for (String v : CandidateArms.VISUALS) {
            if (!v.equals(a.visualStyle())) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                a.targetDurationS(),
                                a.voice(),
                                a.musicMood(),
                                a.captionStyle(),
                                v,
                                a.postingHour()));
            }
        }
        for (int v : space.hours()) {
            if (v != a.postingHour()) {
                out.add(
                        with(
                                a,
                                a.hookStyle(),
                                a.pacing(),
                                a.targetDurationS(),
                                a.voice(),
                                a.musicMood(),
                                a.captionStyle(),
                                a.visualStyle(),
                                v));
            }
        }
        return out;
    }

    private static Arm with(
            Arm a,
            String hook,
            String pacing,
            int duration,
            String voice,
            String mood,
            String caption,
            String visual,
            int hour) {
        return new Arm(
                a.platform(),
                a.niche(),
                hook,
                pacing,
                duration,
                voice,
                mood,
                caption,
                visual,
                hour);
    }
}
