package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The linear bandits' feature vector of an arm within its segment: an intercept, then one indicator
 * per value of each chosen parameter (content and timing), the same one-hot main effects the
 * effects model's layout gives an arm (its platform and niche are the segment, whose model is
 * separate: see {@link LinUcbPolicy}). The levels come from the one parameter space, by the table's
 * parameters: in the default space d = 1 + 30 + 24 = 55.
 */
final class ArmFeatures {
    private final List<Map<String, Integer>> levels = new ArrayList<>();
    private final int size;

    ArmFeatures(ParameterSpace space) {
        int next = 1; // 0 is the intercept
        for (List<String> values : space.chosenValues()) {
            Map<String, Integer> m = new HashMap<>();
            for (String v : values) {
                m.put(v, next++);
            }
            levels.add(m);
        }
        size = next;
    }

    int size() {
        return size;
    }

    /** The active indices of an arm; a value outside the space is an error, not a zero. */
    int[] active(Arm a) {
        List<Parameter> chosen = ParameterTable.chosen();
        int[] x = new int[1 + chosen.size()];
        x[0] = 0;
        for (int c = 0; c < chosen.size(); c++) {
            String v = chosen.get(c).text(a);
            Integer i = levels.get(c).get(v);
            if (i == null) {
                throw new IllegalArgumentException(
                        chosen.get(c).name()
                                + " "
                                + v
                                + " of arm "
                                + a.armKey()
                                + " is not in the space");
            }
            x[1 + c] = i;
        }
        return x;
    }
}
