package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
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
    public static Arm climb(Arm start, ParameterSpace space, Function<List<Arm>, double[]> score) {
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

    /**
     * Every arm that differs from {@code a} in exactly one parameter, parameter by parameter in the
     * table's order ({@link ParameterTable#chosen()}), values in the space's order.
     */
    public static List<Arm> neighbours(Arm a, ParameterSpace space) {
        List<Parameter> chosen = ParameterTable.chosen();
        List<List<String>> values = space.chosenValues();
        List<Arm> out = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            Parameter p = chosen.get(k);
            String current = p.text(a);
            for (String v : values.get(k)) {
                if (!v.equals(current)) {
                    out.add(a.with(p, v));
                }
            }
        }
        return out;
    }
}
