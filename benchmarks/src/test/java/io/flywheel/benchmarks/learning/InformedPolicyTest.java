package io.flywheel.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The informed learner (Thompson sampling on the world's exact model family): it reads the world's
 * structure and never its coefficients, its features are the world's, its noise is the one the
 * dispersion implies, and in a planted world it beats uniform random by a wide margin.
 */
class InformedPolicyTest {
    private static final int ROUNDS = 8;
    private static final int VIDEOS = 30;

    /**
     * How far above uniform random's lift the informed learner must end (last two rounds, 60
     * videos; lift 0 is what random choice earns, 1 the segments' best arms). Measured at this
     * world seed (7): informed 0.88, uniform -0.03; at world seeds 1-3 informed 0.91, 0.92 and 0.85
     * (2026-12-06). 0.6 holds with room and fails for a learner that does not learn.
     */
    private static final double MARGIN = 0.6;

    @Test
    void beatsUniformRandomInAPlantedWorldChoosingOnlyFromTheParameterSpace() throws Exception {
        World world = planted();
        ParameterSpace space = ParameterSpace.DEFAULT;
        LearningLoop loop = new LearningLoop(world, 7, VIDEOS);
        List<Arm> chosen = new ArrayList<>();
        List<LearningLoop.RoundResult> results =
                loop.run(
                        List.of(
                                new InformedPolicy(
                                        WorldStructure.of(world), space, r -> r == ROUNDS - 1, 12),
                                new UniformPolicy(space, 8)),
                        ROUNDS,
                        new LearningLoop.RoundListener() {
                            @Override
                            public void finished(LearningLoop.RoundResult r) {}

                            @Override
                            public void chose(String policy, int round, List<Arm> arms) {
                                if (policy.equals("informed")) {
                                    chosen.addAll(arms);
                                }
                            }
                        });

        LearningLoop.Summary uniform = LearningLoop.summarise(results, "uniform", 2);
        LearningLoop.Summary informed = LearningLoop.summarise(results, "informed", 2);
        assertThat(informed.lift()).isGreaterThan(uniform.lift() + MARGIN);
        assertThat(informed.cumulativeRegret()).isLessThan(uniform.cumulativeRegret());
        assertThat(chosen).hasSize(ROUNDS * VIDEOS);
        assertThat(chosen).allSatisfy(InformedPolicyTest::inTheDefaultSpace);
    }

    @Test
    void structureIsTheSameForWorldsThatDifferOnlyInTheirCoefficients() throws Exception {
        World world = planted();
        Map<String, Map<String, Double>> doubled = new HashMap<>();
        world.viewEffects()
                .forEach(
                        (k, v) -> {
                            Map<String, Double> m = new HashMap<>();
                            v.forEach((level, effect) -> m.put(level, 2 * effect + 0.1));
                            doubled.put(k, m);
                        });
        Map<String, World.SegmentBase> bases = new HashMap<>();
        world.segments().forEach((k, b) -> bases.put(k, new World.SegmentBase(3 * b.views(), 0.2)));
        Map<io.flywheel.schemas.Platform, World.PostingHourCurve> hours = new HashMap<>();
        world.postingHours()
                .forEach((p, c) -> hours.put(p, new World.PostingHourCurve(4, 1.5, 0.1)));
        World other =
                new World(
                        world.name(),
                        world.description(),
                        world.horizonHours(),
                        bases,
                        doubled,
                        world.engagedEffects(),
                        world.interactions(),
                        hours,
                        world.rates(),
                        world.dispersion(),
                        world.decayHalfLifeHours(),
                        world.reportingLagMinutes(),
                        world.unreported());

        assertThat(WorldStructure.of(other)).isEqualTo(WorldStructure.of(world));
        // the planted world: 2 segments, hook 6 + pacing 3 + captions 3 levels, no interactions,
        // 24 hours on each of its 2 platforms: d = 2 + 12 + 0 + 48 = 62
        ParameterSpace space = ParameterSpace.DEFAULT;
        assertThat(new InformedPolicy(WorldStructure.of(world), space, r -> false, 1).dimension())
                .isEqualTo(62);
    }

    @Test
    void anArmsFeaturesAreItsSegmentItsEffectLevelsAndItsPlatformsHour() throws Exception {
        World world = planted();
        InformedPolicy p =
                new InformedPolicy(WorldStructure.of(world), ParameterSpace.DEFAULT, r -> false, 1);
        Arm a =
                new Arm(
                        "TIKTOK",
                        "cooking",
                        "BOLD_CLAIM",
                        "FAST",
                        30,
                        "en-us+f3",
                        "UPBEAT",
                        "WORD_HIGHLIGHT",
                        "BOLD",
                        "EN_US",
                        20);
        // segment, hook, pacing, captions and TIKTOK's hour 20; duration, voice, music and visuals
        // carry no effect in the planted world, so they are not features
        assertThat(p.active(a)).hasSize(5);
    }

    /**
     * The noise the dispersion implies: Var log G for G ~ Gamma(k) is trigamma(k). Known values:
     * ψ₁(1) = π²/6 = 1.644934, ψ₁(2) = π²/6 - 1 = 0.644934, ψ₁(5) = π²/6 - (1 + 1/4 + 1/9 + 1/16) =
     * 0.221323.
     */
    @Test
    void trigammaMatchesItsClosedFormsAtIntegers() {
        double z2 = Math.PI * Math.PI / 6;
        assertThat(InformedPolicy.trigamma(1)).isCloseTo(z2, within(1e-9));
        assertThat(InformedPolicy.trigamma(2)).isCloseTo(z2 - 1, within(1e-9));
        assertThat(InformedPolicy.trigamma(5))
                .isCloseTo(z2 - 1 - 0.25 - 1.0 / 9 - 1.0 / 16, within(1e-9));
    }

    /**
     * The posterior on a hand-computed case. One segment intercept (prior sd 10, precision 0.01)
     * and nothing else in a hand-made structure with gamma shape 1: σ² = ψ₁(1) + 0.01 = 1.654934.
     * Two observations with reward 2 and 4: Λ = 0.01 + 2/σ² = 1.218507, h = 6/σ² = 3.625522, mean =
     * h/Λ = 2.975380 (the sample mean 3, shrunk a little towards the prior's 0).
     */
    @Test
    void posteriorMeanIsTheConjugateNormalsOnAHandComputedCase() {
        WorldStructure s =
                new WorldStructure(
                        List.of("TIKTOK/cooking"), Map.of(), List.of(), java.util.Set.of(), 1);
        InformedPolicy p = new InformedPolicy(s, ParameterSpace.DEFAULT, r -> false, 1);
        p.update(new int[] {0}, 2);
        p.update(new int[] {0}, 4);
        double sigma2 = Math.PI * Math.PI / 6 + 0.01;
        double mean = (6 / sigma2) / (0.01 + 2 / sigma2);
        assertThat(mean).isCloseTo(2.975380, within(1e-6));
        assertThat(p.mean()[0]).isCloseTo(mean, within(1e-9));
    }

    private World planted() throws Exception {
        return WorldFile.load(Path.of(getClass().getResource("/worlds/planted.json").toURI()));
    }

    /** Every chosen value of the arm is one the default space offers. */
    static void inTheDefaultSpace(Arm a) {
        for (Parameter p : ParameterTable.chosen()) {
            assertThat(ParameterSpace.DEFAULT.values(p)).as(p.name()).contains(p.text(a));
        }
    }
}
