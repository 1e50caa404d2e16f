package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BestArmTest {
    private static final int K = EffectsLayout.CONTENT.size();
    private static final int[] LEVELS = {3, 2, 3, 2, 3, 2, 2, 2};
    private static final List<Integer> HOURS = List.of(0, 5, 9, 13, 18, 22);
    private static final List<String> PLATFORMS = List.of("tiktok", "youtube");
    private static final List<String> NICHES = List.of("food", "tech");

    private static EffectsLayout layout() {
        return new EffectsLayout(
                PLATFORMS,
                NICHES,
                List.of("tiktok/food", "youtube/tech"),
                EffectsLayoutTest.levels(LEVELS));
    }

    private static double[] theta(EffectsLayout l, long seed) {
        Random r = new Random(seed);
        double[] t = new double[l.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextGaussian();
        }
        return t;
    }

    private static EffectsModel model(EffectsLayout l, double[] theta) {
        return new EffectsModel(
                l, 0, 0.1, 0, new double[l.groups()], theta, new double[][] {theta});
    }

    /** The argmax over every arm of the space, scored by the arm's active indices. */
    private static BestArm.Choice bruteForce(
            EffectsModel m,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        BestArm.Choice best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int[] at = new int[K];
        int arms = 0;
        while (true) {
            String[] v = new String[K];
            for (int c = 0; c < K; c++) {
                v[c] = values.get(c).get(at[c]);
            }
            for (int h : hours) {
                double s = m.score(m.mean(), m.layout().active(platform, niche, v, h));
                arms++;
                if (s > bestScore) {
                    bestScore = s;
                    best = new BestArm.Choice(List.of(v), h);
                }
            }
            int c = K - 1;
            while (c >= 0 && ++at[c] == values.get(c).size()) {
                at[c] = 0;
                c--;
            }
            if (c < 0) {
                break;
            }
        }
        int expectedArms = hours.size();
        for (List<String> vs : values) {
            expectedArms *= vs.size();
        }
        assertThat(arms).isEqualTo(expectedArms);
        return best;
    }

    private static double score(EffectsModel m, String platform, String niche, BestArm.Choice c) {
        return m.score(
                m.mean(),
                m.layout().active(platform, niche, c.content().toArray(String[]::new), c.hour()));
    }

    private static void check(
            EffectsModel m,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        BestArm.Choice exact = BestArm.of(m.layout(), m.mean(), platform, niche, values, hours);
        BestArm.Choice brute = bruteForce(m, platform, niche, values, hours);
        assertThat(score(m, platform, niche, exact))
                .as("%s/%s", platform, niche)
                .isCloseTo(score(m, platform, niche, brute), within(1e-12));
        assertThat(exact).as("%s/%s", platform, niche).isEqualTo(brute);
    }

    @Test
    void equalsTheBruteForceArgmaxOverTheWholeSpace() {
        EffectsLayout l = layout();
        for (long seed = 1; seed <= 10; seed++) {
            EffectsModel m = model(l, theta(l, seed));
            for (String p : PLATFORMS) {
                for (String n : NICHES) {
                    check(m, p, n, l.contentLevels(), HOURS);
                }
            }
        }
    }

    @Test
    void equalsTheBruteForceOnSubsetsReorderingsAndUnknowns() {
        EffectsLayout l = layout();
        Random r = new Random(99);
        for (long seed = 11; seed <= 20; seed++) {
            EffectsModel m = model(l, theta(l, seed));
            List<List<String>> values = new ArrayList<>();
            for (int c = 0; c < K; c++) {
                List<String> vs = new ArrayList<>(l.contentLevels().get(c));
                Collections.shuffle(vs, r);
                if (vs.size() > 2 && r.nextBoolean()) {
                    vs.remove(0);
                }
                values.add(vs);
            }
            // one value the model never saw: it switches its effects off (score 0 for them)
            List<String> voice = new ArrayList<>(values.get(3));
            voice.add("voice_new");
            values.set(3, voice);
            List<Integer> hours = new ArrayList<>(List.of(23, 1, 7, 12));
            Collections.shuffle(hours, r);
            check(m, "tiktok", "food", values, hours);
            check(m, "youtube", "food", values, hours); // not a segment
            check(m, "snapchat", "tech", values, hours); // unknown platform
            check(m, "tiktok", "travel", values, hours); // unknown niche
            check(m, "tiktok", "tech", values, List.of(4)); // one hour only
        }
    }

    @Test
    void aStrongPlantedArmIsFound() {
        EffectsLayout l = layout();
        double[] t = theta(l, 5);
        for (int i = 0; i < t.length; i++) {
            t[i] *= 0.01;
        }
        int[] want = {2, 1, 0, 1, 2, 0, 1, 1};
        for (int c = 0; c < K; c++) {
            t[l.mainIndex(c, want[c])] += 1;
        }
        t[l.hourIndex(9)] += 1;
        BestArm.Choice c = BestArm.of(l, t, "youtube", "tech", l.contentLevels(), HOURS);
        for (int k = 0; k < K; k++) {
            assertThat(c.content().get(k)).isEqualTo(l.contentLevels().get(k).get(want[k]));
        }
        assertThat(c.hour()).isEqualTo(9);
    }

    @Test
    void anEmptyValueListThrows() {
        EffectsLayout l = layout();
        List<List<String>> values = new ArrayList<>(l.contentLevels());
        values.set(2, List.of());
        assertThatThrownBy(() -> BestArm.of(l, theta(l, 1), "tiktok", "food", values, HOURS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
