package io.flywheel.batch.recommend;

import io.flywheel.batch.model.Arm;
import java.util.HashMap;
import java.util.Map;

/**
 * How many outcomes a segment has for each level of each content parameter. Exploration aims at the
 * levels with the fewest: the ensemble's members only disagree where they have seen noisy data, so
 * a level (or posting-hour region) the segment has hardly tried looks no better to any of them and
 * would never be tried again. A posting hour counts the outcomes within an hour of it, since the
 * hour's effect is a smooth bump and a neighbouring hour's outcome says much the same.
 */
public final class Coverage {
    private final Map<String, Integer> counts;

    private Coverage(Map<String, Integer> counts) {
        this.counts = counts;
    }

    /** Nothing tried yet. */
    public static Coverage none() {
        return new Coverage(new HashMap<>());
    }

    /** The coverage of the given outcomes' arms (any segment's; callers pass one segment's). */
    public static Coverage of(Iterable<Arm> arms) {
        Coverage c = none();
        for (Arm a : arms) {
            c.add(a);
        }
        return c;
    }

    /** Counts one more outcome of {@code a}. */
    public void add(Arm a) {
        for (String key : levels(a)) {
            counts.merge(key, 1, Integer::sum);
        }
        counts.merge("posting_hour=" + a.postingHour(), 1, Integer::sum);
    }

    /** The outcomes of {@code a}'s least-tried level (its posting hour ±1 h counted together). */
    public int leastTried(Arm a) {
        int min = Integer.MAX_VALUE;
        for (String key : levels(a)) {
            min = Math.min(min, counts.getOrDefault(key, 0));
        }
        return Math.min(min, nearHour(a.postingHour()));
    }

    private int nearHour(int hour) {
        int n = 0;
        for (int d = -1; d <= 1; d++) {
            n += counts.getOrDefault("posting_hour=" + Math.floorMod(hour + d, 24), 0);
        }
        return n;
    }

    private static String[] levels(Arm a) {
        return new String[] {
            "hook_style=" + a.hookStyle(),
            "pacing=" + a.pacing(),
            "target_duration_s=" + a.targetDurationS(),
            "voice=" + a.voice(),
            "music_mood=" + a.musicMood(),
            "caption_style=" + a.captionStyle(),
            "visual_style=" + a.visualStyle()
        };
    }
}
