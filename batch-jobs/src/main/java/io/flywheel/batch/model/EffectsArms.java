package io.flywheel.batch.model;

import io.flywheel.effects.BestArm;
import io.flywheel.effects.EffectsLayout;
import io.flywheel.effects.EffectsModel;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import java.util.ArrayList;
import java.util.List;

/** The batch jobs' {@link Arm} in the effects model's terms, and back. */
public final class EffectsArms {
    private EffectsArms() {}

    /** An arm's content values, in {@link EffectsLayout#CONTENT}'s order. */
    public static String[] content(Arm a) {
        return a.content().toArray(new String[0]);
    }

    public static int[] active(EffectsLayout layout, Arm a) {
        return layout.active(
                a.platform(), a.niche(), content(a), (Integer) a.get(ParameterTable.timing()));
    }

    public static List<int[]> active(EffectsLayout layout, List<Arm> arms) {
        List<int[]> out = new ArrayList<>(arms.size());
        for (Arm a : arms) {
            out.add(active(layout, a));
        }
        return out;
    }

    /** Each posterior draw's expected outcome of each arm (draws × arms). */
    public static float[][] byDraw(EffectsModel m, List<Arm> arms) {
        return m.expectedByDraw(active(m.layout(), arms));
    }

    /** The segment's best arm in the space under coefficients {@code theta}. */
    public static Arm best(
            EffectsModel m, double[] theta, String platform, String niche, ParameterSpace s) {
        return arm(
                platform,
                niche,
                BestArm.of(
                        m.layout(), theta, platform, niche, s.contentValues(), s.timingValues()));
    }

    /** The arm of a segment with the chosen content values and hour. */
    public static Arm arm(String platform, String niche, BestArm.Choice c) {
        return Arm.of(platform, niche, c.content(), c.hour());
    }
}
