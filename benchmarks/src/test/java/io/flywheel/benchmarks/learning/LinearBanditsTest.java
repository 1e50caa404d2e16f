package io.flywheel.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LinUCB and linear Thompson sampling as published, on a case small enough to compute by hand, and
 * the two learning in a planted world (no Spark: they are plain Java).
 */
class LinearBanditsTest {
    /** Two arms over d = 2 features: arm 1 is x1 = (1, 0), arm 2 is x2 = (1, 1). */
    private static final int[] X1 = {0};

    private static final int[] X2 = {0, 1};

    /**
     * Observations (x1, 1), (x2, 2), (x1, 0):
     *
     * <pre>
     * A = I + x1x1ᵀ + x2x2ᵀ + x1x1ᵀ = [[1,0],[0,1]] + 2·[[1,0],[0,0]] + [[1,1],[1,1]] = [[4,1],[1,2]]
     * det A = 8 - 1 = 7, so A⁻¹ = (1/7)·[[2,-1],[-1,4]]
     * b = 1·x1 + 2·x2 + 0·x1 = (3, 2)
     * θ̂ = A⁻¹ b = (1/7)·(2·3 - 2, -3 + 4·2) = (4/7, 5/7)
     * </pre>
     */
    private static LinearPosterior afterThreeObservations() {
        LinearPosterior p = new LinearPosterior(2);
        p.update(X1, 1);
        p.update(X2, 2);
        p.update(X1, 0);
        return p;
    }

    @Test
    void shermanMorrisonUpdatesGiveTheInverseAndRidgeEstimateComputedByHand() {
        LinearPosterior p = afterThreeObservations();

        assertThat(p.inverse(0, 0)).isCloseTo(2.0 / 7, within(1e-12));
        assertThat(p.inverse(0, 1)).isCloseTo(-1.0 / 7, within(1e-12));
        assertThat(p.inverse(1, 0)).isCloseTo(-1.0 / 7, within(1e-12));
        assertThat(p.inverse(1, 1)).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(p.mean()).containsExactly(new double[] {4.0 / 7, 5.0 / 7}, within(1e-12));
        assertThat(p.observations()).isEqualTo(3);
    }

    @Test
    void linUcbWidthIsAlphaTimesSqrtOfXTransposeAInverseX() {
        LinearPosterior p = afterThreeObservations();
        double alpha = 0.5;

        // x1ᵀ A⁻¹ x1 = 2/7, so the width is 0.5·sqrt(2/7) = 0.2673
        assertThat(LinUcbPolicy.width(p, X1, alpha))
                .isCloseTo(0.5 * Math.sqrt(2.0 / 7), within(1e-12));
        // x2ᵀ A⁻¹ x2 = (2 - 1 - 1 + 4)/7 = 4/7, so the width is 0.5·2/sqrt(7) = 1/sqrt(7) = 0.3780
        assertThat(LinUcbPolicy.width(p, X2, alpha)).isCloseTo(1 / Math.sqrt(7), within(1e-12));
        // the score LinUCB ranks by: x2ᵀθ̂ + width = 9/7 + 1/sqrt(7) = 1.6637
        double score = new LinUcbPolicy(space(), alpha, 1).round(p).nextSlot().applyAsDouble(X2);
        assertThat(score).isCloseTo(9.0 / 7 + 1 / Math.sqrt(7), within(1e-12));
    }

    @Test
    void aRoundsChosenArmNarrowsTheNextSlotsWidthButNotTheMean() {
        LinearPosterior p = afterThreeObservations();
        LinearBanditPolicy.Round round = new LinUcbPolicy(space(), 1, 1).round(p);
        round.nextSlot();
        round.chosen(X2);

        // A + x2x2ᵀ = [[5,2],[2,3]], det 11, inverse (1/11)·[[3,-2],[-2,5]]: x2's quadratic form
        // is (3 - 2 - 2 + 5)/11 = 4/11; the mean stays 9/7, so the score is 9/7 + sqrt(4/11).
        assertThat(round.nextSlot().applyAsDouble(X2))
                .isCloseTo(9.0 / 7 + Math.sqrt(4.0 / 11), within(1e-12));
    }

    @Test
    void linearThompsonDrawsFromNormalWithMeanBInverseFAndCovarianceVSquaredBInverse() {
        LinearPosterior p = afterThreeObservations();
        double v = 0.5;

        // chol(B⁻¹): L11 = sqrt(2/7), L21 = (-1/7)/sqrt(2/7) = -1/sqrt(14),
        // L22 = sqrt(4/7 - 1/14) = sqrt(1/2)
        double[][] l = p.choleskyOfInverse();
        assertThat(l[0][0]).isCloseTo(Math.sqrt(2.0 / 7), within(1e-12));
        assertThat(l[0][1]).isZero();
        assertThat(l[1][0]).isCloseTo(-1 / Math.sqrt(14), within(1e-12));
        assertThat(l[1][1]).isCloseTo(Math.sqrt(0.5), within(1e-12));

        // v² B⁻¹ = 0.25·(1/7)·[[2,-1],[-1,4]] = [[1/14, -1/28], [-1/28, 1/7]]; mean (4/7, 5/7).
        // With n = 200,000 draws the sample mean's standard error is below sqrt(1/7/n) = 0.0009
        // and the covariances' below 0.0005: tolerances of 0.004 and 0.003 are > 4 of them.
        int n = 200_000;
        double[] mean = p.mean();
        Random random = new Random(3);
        double[] sum = new double[2];
        double[][] products = new double[2][2];
        for (int k = 0; k < n; k++) {
            double[] theta = LinearPosterior.sample(mean, l, v, random);
            for (int i = 0; i < 2; i++) {
                sum[i] += theta[i];
                for (int j = 0; j < 2; j++) {
                    products[i][j] += theta[i] * theta[j];
                }
            }
        }
        double m0 = sum[0] / n;
        double m1 = sum[1] / n;
        assertThat(m0).isCloseTo(4.0 / 7, within(0.004));
        assertThat(m1).isCloseTo(5.0 / 7, within(0.004));
        assertThat(products[0][0] / n - m0 * m0).isCloseTo(1.0 / 14, within(0.003));
        assertThat(products[0][1] / n - m0 * m1).isCloseTo(-1.0 / 28, within(0.003));
        assertThat(products[1][1] / n - m1 * m1).isCloseTo(1.0 / 7, within(0.003));
    }

    @Test
    void bothBeatUniformRandomInAPlantedWorldChoosingOnlyFromTheParameterSpace() throws Exception {
        World world =
                WorldFile.load(Path.of(getClass().getResource("/worlds/planted.json").toURI()));
        ParameterSpace space = space();
        int rounds = 8;
        LearningLoop loop = new LearningLoop(world, 7, 30);
        List<Arm> chosen = new ArrayList<>();
        List<LearningLoop.RoundResult> results =
                loop.run(
                        List.of(
                                new LinUcbPolicy(space, LinUcbPolicy.ALPHA, 10),
                                new LinearThompsonPolicy(space, LinearThompsonPolicy.V, 11),
                                new UniformPolicy(space, 8)),
                        rounds,
                        new LearningLoop.RoundListener() {
                            @Override
                            public void finished(LearningLoop.RoundResult r) {}

                            @Override
                            public void chose(String policy, int round, List<Arm> arms) {
                                if (!policy.equals("uniform")) {
                                    chosen.addAll(arms);
                                }
                            }
                        });

        LearningLoop.Summary uniform = LearningLoop.summarise(results, "uniform", 2);
        LearningLoop.Summary linUcb = LearningLoop.summarise(results, "linucb", 2);
        LearningLoop.Summary linTs = LearningLoop.summarise(results, "linear-ts", 2);
        // lift: 0 is what random choice earns, 1 the segments' best arms (last two rounds, 60
        // videos each)
        assertThat(linUcb.lift()).isGreaterThan(uniform.lift() + MARGIN);
        assertThat(linTs.lift()).isGreaterThan(uniform.lift() + MARGIN);
        assertThat(linUcb.cumulativeRegret()).isLessThan(uniform.cumulativeRegret());
        assertThat(linTs.cumulativeRegret()).isLessThan(uniform.cumulativeRegret());
        assertThat(results).hasSize(rounds * 3);
        assertThat(chosen).hasSize(2 * rounds * 30);
        assertThat(chosen).allSatisfy(InformedPolicyTest::inTheDefaultSpace);
    }

    /**
     * How far above uniform random's lift both must end in the planted world. Measured at this
     * world seed (7): LinUCB 0.85, linear TS 0.65, uniform -0.03; at world seeds 1-3 LinUCB 0.77 to
     * 0.90 and linear TS 0.56 to 0.92, so 0.4 holds with room and fails for a learner that does not
     * learn.
     */
    private static final double MARGIN = 0.4;

    private static ParameterSpace space() {
        return ParameterSpace.DEFAULT;
    }
}
