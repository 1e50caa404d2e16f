package io.flywheel.benchmarks.learning;

import io.flywheel.batch.model.EffectsArms;
import io.flywheel.batch.recommend.CandidateArms;
import io.flywheel.model.Arm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The linear bandits' feature vector of an arm within its segment: an intercept, one indicator per
 * level of each content parameter and one per posting hour, the same one-hot main effects the
 * effects model's layout gives an arm (its platform and niche are the segment, whose model is
 * separate: see {@link LinUcbPolicy}). The levels come from the one parameter space ({@link
 * CandidateArms#contentValues}, {@link EffectsArms#content}), the only place the bandits read
 * parameter names: in the default space d = 1 + 30 + 24 = 55.
 */
final class ArmFeatures {
    private final List<Map<String, Integer>> levels = new ArrayList<>();
    private final Map<Integer, Integer> hours = new HashMap<>();
    private final int size;

    ArmFeatures(CandidateArms.Space space) {
        int next = 1; // 0 is the intercept
        for (List<String> values : CandidateArms.contentValues(space)) {
            Map<String, Integer> m = new HashMap<>();
            for (String v : values) {
                m.put(v, next++);
            }
            levels.add(m);
        }
        for (int h : space.hours()) {
            hours.put(h, next++);
        }
        size = next;
    }

    int size() {
        return size;
    }

    /** The active indices of an arm; a value outside the space is an error, not a zero. */
    int[] active(Arm a) {
        String[] content = EffectsArms.content(a);
        int[] x = new int[2 + content.length];
        x[0] = 0;
        for (int c = 0; c < content.length; c++) {
            Integer i = levels.get(c).get(content[c]);
            if (i == null) {
                throw new IllegalArgumentException(
                        "value " + content[c] + " of arm " + a.armKey() + " is not in the space");
            }
            x[1 + c] = i;
        }
        Integer h = hours.get(a.postingHour());
        if (h == null) {
            throw new IllegalArgumentException(
                    "posting hour of arm " + a.armKey() + " not in space");
        }
        x[x.length - 1] = h;
        return x;
    }
}
