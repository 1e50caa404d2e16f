package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.ModelPromotions;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.PublishedArms;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.effects.BestArm;
import io.flywheel.effects.EffectsFit;
import io.flywheel.effects.EffectsLayout;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.ModelPromoted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A champion whose version directory holds a real {@code effects.json} (fitted on synthetic rows
 * with a planted best hook and hour) beside real boosters: the policy chooses with {@code
 * EffectsSlots}, exactly, reproducibly; without the file it keeps the boosters; a broken file fails
 * the load and keeps the champion.
 */
class EffectsThompsonPolicyTest {
    private static final String PLATFORM = "TIKTOK";
    private static final String NICHE = "cooking";
    private static final String BEST_HOOK = "BOLD_CLAIM";
    private static final int BEST_HOUR = 20;

    private static Path models;
    private static EffectsModel model;
    private static Champion champion;
    private static ThompsonPolicy policy;

    @BeforeAll
    static void fitAndLoad() throws Exception {
        models = Files.createTempDirectory("flywheel-effects-policy");
        Path v1 = TinyModels.train(models, 1, 3, 15, 7);
        EffectsLayout layout =
                new EffectsLayout(
                        List.of(PLATFORM),
                        List.of(NICHE),
                        List.of(EffectsLayout.segment(PLATFORM, NICHE)),
                        ParameterTable.contentValues());
        Random r = new Random(42);
        int n = 1500;
        List<int[]> active = new ArrayList<>();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Arm a = TinyModels.randomArm(r, PLATFORM, NICHE);
            active.add(layout.active(PLATFORM, NICHE, content(a), a.postingHour()));
            y[i] =
                    Math.exp(
                            6
                                    + (a.hookStyle().equals(BEST_HOOK) ? 0.8 : 0)
                                    + (a.postingHour() == BEST_HOUR ? 0.6 : 0)
                                    + 0.2 * r.nextGaussian());
        }
        EffectsFit fit = new EffectsFit(layout, EffectsPrior.DEFAULT);
        EffectsModelFile.write(v1, fit.fit(fit.statistics(active, y), 16, 3));
        champion = new Champion();
        champion.swap(new ModelLoader(models).load("engagement/v1"));
        model = champion.with(e -> e.get().effects().orElseThrow());
        policy =
                new ThompsonPolicy(
                        champion, PublishedArms.none(), io.flywheel.api.trends.TrendBoost.OFF, 0.5);
    }

    private static String[] content(Arm a) {
        return EffectsLayout.CONTENT.stream().map(a::value).toArray(String[]::new);
    }

    @Test
    void exploitPicksAreThePlantedBestHookAndHour() {
        ThompsonPolicy.Result r = policy.recommend(PLATFORM, NICHE, 12, 0.0, 1);
        assertThat(r.policyVersion()).startsWith("thompson3-effects-e0.00@1/");
        assertThat(r.policyVersion()).startsWith("thompson");
        assertThat(r.modelVersion()).isEqualTo("1");
        assertThat(r.picks()).hasSize(12);
        for (Pick p : r.picks()) {
            assertThat(p.exploration()).isFalse();
            assertThat(p.arm().hookStyle()).isEqualTo(BEST_HOOK);
            assertThat(p.arm().postingHour()).isEqualTo(BEST_HOUR);
            assertThat(p.arm().platform()).isEqualTo(PLATFORM);
            assertThat(p.arm().niche()).isEqualTo(NICHE);
            assertThat(p.selectionProbability()).isEqualTo(1.0);
            assertThat(p.modelVersion()).isEqualTo("1");
            // around exp(6 + 0.8 + 0.6) ≈ 1636, and uncertain
            assertThat(p.predictedObjective()).isBetween(1000.0, 2500.0);
            assertThat(p.spread()).isPositive();
        }
        assertThat(r.picks().stream().map(p -> p.arm().armKey()).distinct()).hasSize(1);
    }

    @Test
    void explorationChangesAtMostOneParameterOfTheExploitArm() {
        Arm exploit = policy.recommend(PLATFORM, NICHE, 1, 0.0, 5).picks().get(0).arm();
        List<Pick> picks = policy.recommend(PLATFORM, NICHE, 100, 0.5, 5).picks();
        assertThat(picks).anyMatch(Pick::exploration).anyMatch(p -> !p.exploration());
        for (Pick p : picks) {
            assertThat(p.selectionProbability()).isGreaterThan(0).isLessThanOrEqualTo(1);
            if (p.exploration()) {
                assertThat(differences(exploit, p.arm()))
                        .as(p.arm().armKey())
                        .isLessThanOrEqualTo(1);
            } else {
                assertThat(p.arm()).isEqualTo(exploit);
            }
        }
        assertThat(picks).as("some explore another arm").anyMatch(p -> !p.arm().equals(exploit));
    }

    @Test
    void reportedProbabilitiesAreTheRulesExactProbabilitiesAndSumToOne() {
        double share = 0.5;
        // The rule, enumerated from the model: the mean's best, each draw's best, and the mean's
        // best with one parameter of the draw's.
        List<List<String>> values = ParameterTable.contentValues();
        BestArm.Choice best =
                BestArm.of(
                        model.layout(),
                        model.mean(),
                        PLATFORM,
                        NICHE,
                        values,
                        ParameterTable.timingValues());
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put(key(best), 1 - share);
        for (double[] draw : model.draws()) {
            BestArm.Choice f =
                    BestArm.of(
                            model.layout(),
                            draw,
                            PLATFORM,
                            NICHE,
                            values,
                            ParameterTable.timingValues());
            List<BestArm.Choice> variants = variants(best, f);
            for (BestArm.Choice v : variants) {
                expected.merge(key(v), share / model.members() / variants.size(), Double::sum);
            }
        }
        double total = expected.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(expected).hasSizeGreaterThan(1);

        // Many videos: every arm played is one of them, with exactly its probability, and every
        // one of them is played.
        Map<String, Double> reported = new HashMap<>();
        for (Pick p : policy.recommend(PLATFORM, NICHE, 5000, share, 9).picks()) {
            String k = p.arm().armKey();
            assertThat(expected).as(k).containsKey(k);
            assertThat(p.selectionProbability())
                    .as(k)
                    .isCloseTo(
                            Math.min(1.0, expected.get(k)),
                            org.assertj.core.data.Offset.offset(1e-12));
            assertThat(p.selectionProbability()).isGreaterThan(0).isLessThanOrEqualTo(1);
            reported.put(k, p.selectionProbability());
        }
        assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        double sum = reported.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theSameSeedGivesTheSamePicks() {
        List<Pick> a = policy.recommend(PLATFORM, NICHE, 40, 0.5, 77).picks();
        List<Pick> b = policy.recommend(PLATFORM, NICHE, 40, 0.5, 77).picks();
        assertThat(a).isEqualTo(b);
        assertThat(policy.recommend(PLATFORM, NICHE, 40, 0.5, 78).picks()).isNotEqualTo(a);
    }

    @Test
    void aChampionWithoutEffectsJsonKeepsTheBoosters() throws Exception {
        Path dir = Files.createTempDirectory("flywheel-no-effects");
        TinyModels.train(dir, 1, 3, 15, 7);
        Champion c = new Champion();
        c.swap(new ModelLoader(dir).load("engagement/v1"));
        boolean hasEffects = c.with(e -> e.get().effects().isPresent());
        assertThat(hasEffects).isFalse();
        ThompsonPolicy.Result r =
                new ThompsonPolicy(
                                c, PublishedArms.none(), io.flywheel.api.trends.TrendBoost.OFF, 0.5)
                        .recommend(PLATFORM, NICHE, 5, 0.2, 1);
        assertThat(r.policyVersion()).startsWith("thompson2-e0.20@1/");
    }

    @Test
    void aBrokenEffectsJsonFailsTheLoadNamingTheFileAndKeepsTheChampion() throws Exception {
        Path dir = Files.createTempDirectory("flywheel-broken-effects");
        Path v2 = TinyModels.train(dir, 2, 2, 15, 7);
        Path file = v2.resolve(EffectsModelFile.FILE);
        ModelLoader loader = new ModelLoader(dir);

        Files.writeString(file, "{\"platforms\": [\"TIKTOK\"], \"mean\": [1, 2");
        assertThatThrownBy(() -> loader.load("engagement/v2"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());

        Files.writeString(file, "{\"platforms\": [\"TIKTOK\"], \"niches\": [\"cooking\"]}");
        assertThatThrownBy(() -> loader.load("engagement/v2"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());

        // the right lengths but no posterior draws: nothing to explore with
        EffectsModel noDraws =
                new EffectsModel(
                        model.layout(),
                        model.centre(),
                        model.noise(),
                        model.rows(),
                        model.variances(),
                        model.mean(),
                        new double[0][]);
        EffectsModelFile.write(v2, noDraws);
        assertThatThrownBy(() -> loader.load("engagement/v2"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no posterior draws");

        // through the promotion listener: the broken version is refused, the champion stays
        Champion c = new Champion();
        c.swap(new ModelLoader(models).load("engagement/v1"));
        new ModelPromotions("localhost:1", "test", loader, c)
                .apply(
                        ModelPromoted.newBuilder()
                                .setEnvelope(Envelopes.create(ModelPromoted.class, "t", "t", 1L))
                                .setModelName("engagement")
                                .setModelVersion("2")
                                .setObjective("engaged_views")
                                .setArtifactUri("engagement/v2")
                                .setTrainingTableVersion(1)
                                .build());
        assertThat(c.version()).contains("1");
        boolean kept = c.with(e -> e.get().effects().isPresent());
        assertThat(kept).isTrue();
    }

    private static String key(BestArm.Choice c) {
        List<String> v = c.content();
        return new Arm(
                        PLATFORM,
                        NICHE,
                        v.get(0),
                        v.get(1),
                        Integer.parseInt(v.get(2)),
                        v.get(3),
                        v.get(4),
                        v.get(5),
                        v.get(6),
                        v.get(7),
                        c.hour())
                .armKey();
    }

    /** The mean's best with one parameter in which the draw's best differs (the best if none). */
    private static List<BestArm.Choice> variants(BestArm.Choice best, BestArm.Choice draw) {
        List<BestArm.Choice> out = new ArrayList<>();
        for (int c = 0; c < best.content().size(); c++) {
            if (!best.content().get(c).equals(draw.content().get(c))) {
                List<String> v = new ArrayList<>(best.content());
                v.set(c, draw.content().get(c));
                out.add(new BestArm.Choice(List.copyOf(v), best.hour()));
            }
        }
        if (best.hour() != draw.hour()) {
            out.add(new BestArm.Choice(best.content(), draw.hour()));
        }
        if (out.isEmpty()) {
            out.add(best);
        }
        return out;
    }

    private static int differences(Arm a, Arm b) {
        int d = 0;
        for (String p : ParameterTable.names()) {
            if (!a.value(p).equals(b.value(p))) {
                d++;
            }
        }
        return d;
    }
}
