package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EffectsFitTest {
    private static final int K = EffectsLayout.CONTENT.size();

    /** Levels the data use; visual_style (the last) also has one level the data never use. */
    private static final int[] DATA_LEVELS = {3, 2, 4, 3, 2, 3, 2, 2};

    private static final int UNSEEN_CONTENT = 6;
    private static final int UNSEEN_LEVEL = 2;
    private static final List<String> PLATFORMS = List.of("tiktok", "youtube");
    private static final List<String> NICHES = List.of("food", "tech");
    private static final int ROWS = 3000;
    private static final int DRAWS = 400;
    private static final double NOISE_SD = 0.5;

    // planted effects on the log scale
    private static final double HOOK_1 = 0.3; // hook_style level 1 against 0 and 2
    private static final double PACING_1 = -0.2; // pacing level 1 against 0
    private static final double VOICE1_MUSIC1 = 0.25; // voice 1 with music_mood 1

    private static EffectsLayout layout;
    private static List<int[]> active;
    private static double[] outcomes;
    private static EffectsFit fit;
    private static EffectsFit.Statistics stats;
    private static EffectsModel model;

    static double bump(int platform, int hour) {
        return platform == 0
                ? 0.4 * Math.exp(-Math.pow(hour - 18, 2) / (2 * 9))
                : 0.3 * Math.exp(-Math.pow(hour - 8, 2) / (2 * 9));
    }

    static double planted(int platform, int[] lv, int hour) {
        double z = 6;
        if (lv[0] == 1) {
            z += HOOK_1;
        }
        if (lv[1] == 1) {
            z += PACING_1;
        }
        if (lv[3] == 1 && lv[4] == 1) {
            z += VOICE1_MUSIC1;
        }
        return z + bump(platform, hour);
    }

    static String value(int c, int v) {
        return EffectsLayout.CONTENT.get(c) + "_" + v;
    }

    static String[] values(int[] lv) {
        String[] out = new String[K];
        for (int c = 0; c < K; c++) {
            out[c] = value(c, lv[c]);
        }
        return out;
    }

    @BeforeAll
    static void fitOnce() {
        int[] layoutLevels = DATA_LEVELS.clone();
        layoutLevels[UNSEEN_CONTENT]++;
        List<String> segments = new ArrayList<>();
        for (String p : PLATFORMS) {
            for (String n : NICHES) {
                segments.add(EffectsLayout.segment(p, n));
            }
        }
        layout =
                new EffectsLayout(
                        PLATFORMS, NICHES, segments, EffectsLayoutTest.levels(layoutLevels));
        Random r = new Random(20261201);
        active = new ArrayList<>();
        outcomes = new double[ROWS];
        for (int row = 0; row < ROWS; row++) {
            int p = r.nextInt(PLATFORMS.size());
            int n = r.nextInt(NICHES.size());
            int[] lv = new int[K];
            for (int c = 0; c < K; c++) {
                lv[c] = r.nextInt(DATA_LEVELS[c]);
            }
            int hour = r.nextInt(24);
            double z = planted(p, lv, hour) + NOISE_SD * r.nextGaussian();
            outcomes[row] = Math.exp(z) - 1;
            active.add(layout.active(PLATFORMS.get(p), NICHES.get(n), values(lv), hour));
        }
        fit = new EffectsFit(layout, EffectsPrior.DEFAULT);
        stats = fit.statistics(active, outcomes);
        model = fit.fit(stats, DRAWS, 7L);
    }

    /** A contrast: Σ sign · score(arm) over arms, under theta. */
    private record Contrast(String name, double truth, List<int[]> arms, double[] signs) {
        double of(double[] theta) {
            double s = 0;
            for (int a = 0; a < arms.size(); a++) {
                s += signs[a] * model.score(theta, arms.get(a));
            }
            return s;
        }
    }

    private static int[] arm(String platform, String niche, int[] lv, int hour) {
        return layout.active(platform, niche, values(lv), hour);
    }

    private static int[] base(int c, int v, int... more) {
        int[] lv = new int[K];
        lv[c] = v;
        for (int i = 0; i + 1 < more.length; i += 2) {
            lv[more[i]] = more[i + 1];
        }
        return lv;
    }

    /** Level {@code hi} against {@code lo} of parameter c, averaged over random contexts. */
    private static Contrast averaged(String name, double truth, int c, int hi, int lo) {
        Random r = new Random(c);
        int contexts = 60;
        List<int[]> arms = new ArrayList<>();
        double[] signs = new double[2 * contexts];
        for (int k = 0; k < contexts; k++) {
            String p = PLATFORMS.get(r.nextInt(PLATFORMS.size()));
            String n = NICHES.get(r.nextInt(NICHES.size()));
            int[] lv = new int[K];
            for (int d = 0; d < K; d++) {
                lv[d] = r.nextInt(DATA_LEVELS[d]);
            }
            int hour = r.nextInt(24);
            lv[c] = hi;
            arms.add(arm(p, n, lv, hour));
            lv[c] = lo;
            arms.add(arm(p, n, lv.clone(), hour));
            signs[2 * k] = 1.0 / contexts;
            signs[2 * k + 1] = -1.0 / contexts;
        }
        return new Contrast(name, truth, arms, signs);
    }

    private static List<Contrast> contrasts() {
        List<Contrast> out = new ArrayList<>();
        int[] zero = new int[K];
        out.add(
                new Contrast(
                        "hook 1 - 0 (tiktok/food)",
                        HOOK_1,
                        List.of(
                                arm("tiktok", "food", base(0, 1), 12),
                                arm("tiktok", "food", zero, 12)),
                        new double[] {1, -1}));
        out.add(
                new Contrast(
                        "hook 1 - 2 (youtube/tech)",
                        HOOK_1,
                        List.of(
                                arm("youtube", "tech", base(0, 1), 3),
                                arm("youtube", "tech", base(0, 2), 3)),
                        new double[] {1, -1}));
        out.add(
                new Contrast(
                        "pacing 1 - 0 (youtube/food)",
                        PACING_1,
                        List.of(
                                arm("youtube", "food", base(1, 1), 12),
                                arm("youtube", "food", zero, 12)),
                        new double[] {1, -1}));
        out.add(
                new Contrast(
                        "voice × music interaction (tiktok/tech)",
                        VOICE1_MUSIC1,
                        List.of(
                                arm("tiktok", "tech", base(3, 1, 4, 1), 12),
                                arm("tiktok", "tech", base(3, 1, 4, 0), 12),
                                arm("tiktok", "tech", base(3, 0, 4, 1), 12),
                                arm("tiktok", "tech", base(3, 0, 4, 0), 12)),
                        new double[] {1, -1, -1, 1}));
        out.add(
                new Contrast(
                        "caption 1 - 0 (null)",
                        0,
                        List.of(
                                arm("tiktok", "food", base(5, 1), 12),
                                arm("tiktok", "food", zero, 12)),
                        new double[] {1, -1}));
        out.add(
                new Contrast(
                        "tiktok 18h - 6h",
                        bump(0, 18) - bump(0, 6),
                        List.of(arm("tiktok", "food", zero, 18), arm("tiktok", "food", zero, 6)),
                        new double[] {1, -1}));
        out.add(
                new Contrast(
                        "youtube 8h - 20h",
                        bump(1, 8) - bump(1, 20),
                        List.of(arm("youtube", "food", zero, 8), arm("youtube", "food", zero, 20)),
                        new double[] {1, -1}));
        // averaged over many contexts (segments, other levels, hours) the contrasts are sharper
        out.add(averaged("hook 1 - 0, averaged", HOOK_1, 0, 1, 0));
        out.add(averaged("pacing 1 - 0, averaged", PACING_1, 1, 1, 0));
        out.add(averaged("caption 1 - 0, averaged (null)", 0, 5, 1, 0));
        // the platforms' curves differ: a difference in differences (a curve's level alone is
        // confounded with the platform's intercept)
        out.add(
                new Contrast(
                        "(tiktok 18h - 6h) - (youtube 18h - 6h)",
                        bump(0, 18) - bump(0, 6) - bump(1, 18) + bump(1, 6),
                        List.of(
                                arm("tiktok", "food", zero, 18),
                                arm("tiktok", "food", zero, 6),
                                arm("youtube", "food", zero, 18),
                                arm("youtube", "food", zero, 6)),
                        new double[] {1, -1, -1, 1}));
        return out;
    }

    @Test
    void posteriorRecoversThePlantedContrasts() {
        for (Contrast c : contrasts()) {
            double m = c.of(model.mean());
            double sum = 0;
            double sum2 = 0;
            for (double[] d : model.draws()) {
                double v = c.of(d);
                sum += v;
                sum2 += v * v;
            }
            double avg = sum / DRAWS;
            double sd = Math.sqrt(sum2 / DRAWS - avg * avg);
            // the data pin these down: a vague posterior would pass the 3-sd check trivially
            assertThat(sd).as("posterior sd of %s", c.name()).isBetween(0.005, 0.1);
            if (c.name().contains("averaged")) {
                assertThat(sd).as("posterior sd of %s", c.name()).isLessThan(0.04);
            }
            assertThat(m).as("%s (sd %.3f)", c.name(), sd).isCloseTo(c.truth(), within(3 * sd));
        }
    }

    @Test
    void noiseVarianceIsEstimated() {
        assertThat(model.noise())
                .isCloseTo(NOISE_SD * NOISE_SD, within(0.15 * NOISE_SD * NOISE_SD));
        assertThat(model.rows()).isEqualTo(ROWS);
        double meanZ = 0;
        for (double y : outcomes) {
            meanZ += Math.log1p(y);
        }
        assertThat(model.centre()).isCloseTo(meanZ / ROWS, within(1e-9));
        assertThat(model.variances()).hasSize(layout.groups());
        double floor = EffectsPrior.DEFAULT.floor();
        for (double v : model.variances()) {
            assertThat(v).isBetween(floor * floor * (1 - 1e-12), 1.0);
        }
    }

    @Test
    void drawsComeInAntitheticPairsAroundTheMean() {
        assertThat(model.members()).isEqualTo(DRAWS);
        for (double[] d : model.draws()) {
            assertThat(d).hasSize(layout.size());
        }
        for (int i = 0; i < layout.size(); i++) {
            double s = 0;
            for (double[] d : model.draws()) {
                s += d[i];
            }
            assertThat(s / DRAWS).isCloseTo(model.mean()[i], within(1e-9));
        }
        // the draws are not all the mean
        assertThat(model.draws()[0]).isNotEqualTo(model.mean());
    }

    @Test
    void aLevelNeverSeenKeepsItsPrior() {
        int[] unseen = {
            layout.mainIndex(UNSEEN_CONTENT, UNSEEN_LEVEL),
            layout.platformMainIndex(UNSEEN_CONTENT, 1, UNSEEN_LEVEL),
            layout.nicheMainIndex(UNSEEN_CONTENT, 0, UNSEEN_LEVEL),
            layout.pairIndex(0, UNSEEN_CONTENT, 1, UNSEEN_LEVEL),
        };
        for (int i : unseen) {
            double priorSd = Math.sqrt(model.variances()[layout.group(i)]);
            double s2 = 0;
            for (double[] d : model.draws()) {
                s2 += Math.pow(d[i] - model.mean()[i], 2);
            }
            double sd = Math.sqrt(s2 / DRAWS);
            assertThat(model.mean()[i]).as("mean of %d", i).isCloseTo(0, within(1e-6));
            assertThat(sd).as("sd of %d", i).isCloseTo(priorSd, within(0.15 * priorSd));
        }
    }

    @Test
    void deterministicForASeed() {
        EffectsModel again = fit.fit(fit.statistics(active, outcomes), DRAWS, 7L);
        assertThat(again.mean()).containsExactly(model.mean());
        assertThat(again.noise()).isEqualTo(model.noise());
        assertThat(again.variances()).containsExactly(model.variances());
        for (int k = 0; k < DRAWS; k++) {
            assertThat(again.draws()[k]).containsExactly(model.draws()[k]);
        }
        EffectsModel other = fit.fit(stats, 10, 8L);
        assertThat(other.mean()).containsExactly(model.mean());
        assertThat(other.draws()[0]).isNotEqualTo(model.draws()[0]);
        // an odd count is rounded up to whole antithetic pairs
        assertThat(fit.fit(stats, 5, 8L).members()).isEqualTo(6);
    }

    @Test
    void mergedStatisticsFitAsTheWhole() {
        int half = ROWS / 2;
        double[] first = java.util.Arrays.copyOfRange(outcomes, 0, half);
        double[] second = java.util.Arrays.copyOfRange(outcomes, half, ROWS);
        EffectsFit.Statistics merged =
                fit.statistics(active.subList(0, half), first)
                        .merge(fit.statistics(active.subList(half, ROWS), second));
        assertThat(merged.rows()).isEqualTo(ROWS);
        EffectsModel m = fit.fit(merged, 2, 7L);
        for (int i = 0; i < layout.size(); i++) {
            assertThat(m.mean()[i]).isCloseTo(model.mean()[i], within(1e-9));
        }
    }

    @Test
    void noRowsThrows() {
        assertThatThrownBy(() -> fit.fit(new EffectsFit.Statistics(layout.size()), 10, 1L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmStartGivesNearlyTheSameMean() {
        EffectsModel warm = fit.fit(stats, DRAWS, 7L, model.variances());
        double worst = 0;
        for (int i = 0; i < layout.size(); i++) {
            worst = Math.max(worst, Math.abs(warm.mean()[i] - model.mean()[i]));
        }
        assertThat(worst).isLessThan(0.01);
        assertThat(warm.noise()).isCloseTo(model.noise(), within(0.01 * model.noise()));
        for (Contrast c : contrasts()) {
            assertThat(c.of(warm.mean())).isCloseTo(c.of(model.mean()), within(0.01));
        }
    }
}
