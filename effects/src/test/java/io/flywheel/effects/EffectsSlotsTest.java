package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EffectsSlotsTest {
    private static final int K = EffectsLayout.CONTENT.size();
    private static final int[] LEVELS = {3, 2, 3, 2, 3, 2, 2, 2};
    private static final List<Integer> HOURS = List.of(0, 5, 9, 13, 18, 22);

    private static final EffectsLayout LAYOUT =
            new EffectsLayout(
                    List.of("tiktok", "youtube"),
                    List.of("food"),
                    List.of("tiktok/food"),
                    EffectsLayoutTest.levels(LEVELS));

    /** A posterior whose draws scatter enough around the mean that their best arms differ. */
    private static EffectsModel model(int draws) {
        Random r = new Random(3);
        int p = LAYOUT.size();
        double[] mean = new double[p];
        for (int i = 0; i < p; i++) {
            mean[i] = 0.3 * r.nextGaussian();
        }
        double[][] d = new double[draws][p];
        for (int k = 0; k < draws; k++) {
            for (int i = 0; i < p; i++) {
                d[k][i] = mean[i] + 0.25 * r.nextGaussian();
            }
        }
        return new EffectsModel(LAYOUT, 5, 0.2, 100, new double[LAYOUT.groups()], mean, d);
    }

    private static List<EffectsSlots.Slot> fill(
            EffectsModel m, int count, double share, long seed) {
        return EffectsSlots.fill(
                m, "tiktok", "food", LAYOUT.contentLevels(), HOURS, count, share, new Random(seed));
    }

    private static BestArm.Choice meanBest(EffectsModel m) {
        return BestArm.of(LAYOUT, m.mean(), "tiktok", "food", LAYOUT.contentLevels(), HOURS);
    }

    /** How many of the content parameters and the hour two arms differ in. */
    private static int differences(BestArm.Choice a, BestArm.Choice b) {
        int d = a.hour() == b.hour() ? 0 : 1;
        for (int c = 0; c < K; c++) {
            if (!a.content().get(c).equals(b.content().get(c))) {
                d++;
            }
        }
        return d;
    }

    /**
     * The rule's distribution of arms, enumerated here: exploit the mean's best with 1 - share;
     * explore: a draw uniformly, then uniformly one of the parameters where its best differs from
     * the mean's, set as the draw has it (the mean's best if none differ).
     */
    private static Map<BestArm.Choice, Double> distribution(EffectsModel m, double share) {
        BestArm.Choice best = meanBest(m);
        Map<BestArm.Choice, Double> out = new HashMap<>();
        out.merge(best, 1 - share, Double::sum);
        for (double[] draw : m.draws()) {
            BestArm.Choice f =
                    BestArm.of(LAYOUT, draw, "tiktok", "food", LAYOUT.contentLevels(), HOURS);
            List<BestArm.Choice> arms = new java.util.ArrayList<>();
            for (int c = 0; c < K; c++) {
                if (!f.content().get(c).equals(best.content().get(c))) {
                    String[] v = best.content().toArray(String[]::new);
                    v[c] = f.content().get(c);
                    arms.add(new BestArm.Choice(List.of(v), best.hour()));
                }
            }
            if (f.hour() != best.hour()) {
                arms.add(new BestArm.Choice(best.content(), f.hour()));
            }
            if (arms.isEmpty()) {
                arms.add(best);
            }
            for (BestArm.Choice a : arms) {
                out.merge(a, share / m.members() / arms.size(), Double::sum);
            }
        }
        return out;
    }

    @Test
    void theModelIsNotDegenerate() {
        // the draws' best arms must differ from the mean's, or exploration would test nothing
        EffectsModel m = model(40);
        Map<BestArm.Choice, Double> d = distribution(m, 1);
        assertThat(d.size()).isGreaterThan(5);
    }

    @Test
    void shareZeroExploitsEverySlot() {
        EffectsModel m = model(40);
        BestArm.Choice best = meanBest(m);
        List<EffectsSlots.Slot> slots = fill(m, 500, 0, 1);
        assertThat(slots).hasSize(500);
        for (EffectsSlots.Slot s : slots) {
            assertThat(s.choice()).isEqualTo(best);
            assertThat(s.explore()).isFalse();
            assertThat(s.probability()).isEqualTo(1.0);
        }
    }

    @Test
    void shareOneChangesAtMostOneParameter() {
        EffectsModel m = model(40);
        BestArm.Choice best = meanBest(m);
        Map<BestArm.Choice, Double> d = distribution(m, 1);
        int changed = 0;
        for (EffectsSlots.Slot s : fill(m, 2000, 1, 2)) {
            assertThat(s.explore()).isTrue();
            assertThat(differences(s.choice(), best)).isLessThanOrEqualTo(1);
            changed += differences(s.choice(), best);
            assertThat(s.probability()).isCloseTo(d.get(s.choice()), within(1e-12));
        }
        assertThat(changed).isGreaterThan(1000);
    }

    @Test
    void statedProbabilitiesMatchTheRuleAndSumToOne() {
        EffectsModel m = model(40);
        double share = 0.3;
        Map<BestArm.Choice, Double> d = distribution(m, share);
        assertThat(d.values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1, within(1e-12));
        int n = 20_000;
        Map<BestArm.Choice, Integer> counts = new HashMap<>();
        Map<BestArm.Choice, Double> stated = new HashMap<>();
        int explored = 0;
        for (EffectsSlots.Slot s : fill(m, n, share, 3)) {
            counts.merge(s.choice(), 1, Integer::sum);
            if (s.explore()) {
                explored++;
            }
            Double before = stated.put(s.choice(), s.probability());
            if (before != null) {
                assertThat(s.probability()).isEqualTo(before);
            }
        }
        assertThat(explored / (double) n).isCloseTo(share, within(0.02));
        for (Map.Entry<BestArm.Choice, Double> e : stated.entrySet()) {
            assertThat(d).containsKey(e.getKey());
            assertThat(e.getValue()).isCloseTo(d.get(e.getKey()), within(1e-12));
        }
        for (Map.Entry<BestArm.Choice, Double> e : d.entrySet()) {
            double freq = counts.getOrDefault(e.getKey(), 0) / (double) n;
            assertThat(freq)
                    .as("frequency of %s", e.getKey())
                    .isCloseTo(e.getValue(), within(0.02));
        }
    }

    @Test
    void withoutDrawsEverySlotIsTheBestForSure() {
        EffectsModel m = model(0);
        BestArm.Choice best = meanBest(m);
        for (EffectsSlots.Slot s : fill(m, 100, 0.5, 4)) {
            assertThat(s.choice()).isEqualTo(best);
            assertThat(s.probability()).isEqualTo(1.0);
        }
    }

    @Test
    void sameSeedSameSlots() {
        EffectsModel m = model(40);
        assertThat(fill(m, 300, 0.5, 9)).isEqualTo(fill(m, 300, 0.5, 9));
        assertThat(fill(m, 300, 0.5, 9)).isNotEqualTo(fill(m, 300, 0.5, 10));
    }

    @Test
    void aShareOutsideTheUnitIntervalThrows() {
        EffectsModel m = model(4);
        for (double share : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> fill(m, 1, share, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
