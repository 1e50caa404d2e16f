package io.flywheel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.batch.experiment.ExperimentStatistics.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffPolicyTest {
    /** Logged uniformly over two arms with known means; the candidate's true value is known. */
    @Test
    void ipsAndSnipsRecoverAPlantedPolicyValueWithinTheirIntervals() {
        Random r = new Random(3);
        List<Observation> logged = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean a = r.nextBoolean();
            logged.add(
                    new Observation(a ? "a" : "b", 0.5, (a ? 100 : 300) + r.nextGaussian() * 20));
        }
        // 80% b, 20% a: true value 0.8 * 300 + 0.2 * 100 = 260
        OffPolicy.Estimate e =
                OffPolicy.estimate("80% b", Map.of("a", 0.2, "b", 0.8), logged, 500, 1L);
        assertThat(e.point().snips()).isCloseTo(260, within(5.0));
        assertThat(e.snipsLow()).isLessThan(260).isGreaterThan(250);
        assertThat(e.snipsHigh()).isGreaterThan(260).isLessThan(270);
        assertThat(e.ipsLow()).isLessThan(e.point().ips());
        assertThat(e.ipsHigh()).isGreaterThan(e.point().ips());
        assertThat(e.point().videos()).isEqualTo(4000);
    }

    @Test
    void percentileIsNearestRank() {
        double[] v = {5, 1, 4, 2, 3, Double.NaN};
        assertThat(OffPolicy.percentile(v, 0.5)).isEqualTo(3);
        assertThat(OffPolicy.percentile(v, 0.0)).isEqualTo(1);
        assertThat(OffPolicy.percentile(v, 1.0)).isEqualTo(5);
    }
}
