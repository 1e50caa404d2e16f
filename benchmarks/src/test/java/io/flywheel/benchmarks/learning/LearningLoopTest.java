package io.flywheel.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.train.EffectsTrainer;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The loop learns: in a planted world, Flywheel's trainer and recommender (the batch jobs' own
 * classes: the effects model fitted by {@link EffectsTrainer}, videos chosen as the API chooses)
 * choose arms whose true expected outcome beats uniform random by a margin chance cannot produce.
 */
class LearningLoopTest {
    private static final int ROUNDS = 4;
    private static final int VIDEOS = 30;

    @Test
    void flywheelBeatsUniformRandomOnTrueExpectedOutcomeInAPlantedWorld() throws Exception {
        World world =
                WorldFile.load(Path.of(getClass().getResource("/worlds/planted.json").toURI()));
        ParameterSpace space = ParameterSpace.DEFAULT;
        LearningLoop loop = new LearningLoop(world, 7, VIDEOS);
        List<Policy> policies =
                List.of(
                        new FlywheelPolicy(
                                TestSpark.session(),
                                space,
                                LearningBench.flywheelSettings(7, ROUNDS)),
                        new UniformPolicy(space, 8));
        Map<Integer, List<Arm>> flywheelArms = new HashMap<>();

        List<LearningLoop.RoundResult> results =
                loop.run(
                        policies,
                        ROUNDS,
                        new LearningLoop.RoundListener() {
                            @Override
                            public void finished(LearningLoop.RoundResult r) {}

                            @Override
                            public void chose(String policy, int round, List<Arm> arms) {
                                if (policy.equals("flywheel")) {
                                    flywheelArms.put(round, arms);
                                }
                            }
                        });

        // The default plan explores half the videos, but commits in the campaign's last round
        // (15% of 4 rounds): then every video of a segment takes the one best arm found.
        assertThat(armsPerSegment(flywheelArms.get(ROUNDS - 2)).values())
                .anyMatch(distinct -> distinct > 1);
        assertThat(armsPerSegment(flywheelArms.get(ROUNDS - 1)).values()).containsOnly(1L);

        LearningLoop.Summary flywheel = LearningLoop.summarise(results, "flywheel", 2);
        LearningLoop.Summary uniform = LearningLoop.summarise(results, "uniform", 2);
        // What choosing without learning earns, and how far its mean over the last two rounds'
        // 60 videos can stray by chance: the spread of true expectations over all arms / sqrt(n).
        double mean = 0;
        double spread = 0;
        for (String s : loop.segments()) {
            double[] m = moments(world, s);
            mean += m[0] / loop.segments().size();
            spread = Math.max(spread, m[1]);
        }
        double standardError = spread / Math.sqrt(2 * VIDEOS);
        double flywheelMean = pooledMean(results, "flywheel", 2);

        assertThat(flywheelMean)
                .as("six standard errors above what random choice earns (p < 1e-9 by chance)")
                .isGreaterThan(mean + 6 * standardError);
        assertThat(flywheel.lift()).isGreaterThan(uniform.lift() + 0.3);
        assertThat(flywheel.cumulativeRegret()).isLessThan(uniform.cumulativeRegret());
        assertThat(results).hasSize(ROUNDS * policies.size());
        assertThat(results.get(0).meanTrue()).isPositive();
    }

    /** How many different arms each segment's videos took. */
    private static Map<String, Long> armsPerSegment(List<Arm> arms) {
        Map<String, Long> out = new HashMap<>();
        arms.stream()
                .collect(Collectors.groupingBy(Arm::segment, Collectors.toSet()))
                .forEach((segment, distinct) -> out.put(segment, (long) distinct.size()));
        return out;
    }

    private static double pooledMean(
            List<LearningLoop.RoundResult> results, String policy, int last) {
        List<LearningLoop.RoundResult> mine =
                results.stream().filter(r -> r.policy().equals(policy)).toList();
        return mine.subList(mine.size() - last, mine.size()).stream()
                .mapToDouble(LearningLoop.RoundResult::meanTrue)
                .average()
                .orElseThrow();
    }

    /** Mean and standard deviation of the true expected outcome over every arm of a segment. */
    private static double[] moments(World world, String segment) {
        String[] pn = Segments.split(segment);
        double[] sums = new double[3];
        ParameterSpace.DEFAULT.forEachArm(
                pn[0],
                pn[1],
                p -> {
                    double v = world.expectedObjective(p);
                    sums[0]++;
                    sums[1] += v;
                    sums[2] += v * v;
                });
        double mean = sums[1] / sums[0];
        return new double[] {mean, Math.sqrt(sums[2] / sums[0] - mean * mean)};
    }
}
