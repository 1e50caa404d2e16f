package io.flywheel.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.model.Role;
import io.flywheel.schemas.Platform;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelHistoryTest {
    @Test
    void uniformArmsStayInTheirSegmentAndCoverEveryValueOfEveryChosenParameter() {
        Random random = new Random(3);
        Map<Parameter, Set<String>> seen = new HashMap<>();
        Map<String, Integer> firstValueCount = new HashMap<>();
        int draws = 4_000;
        for (int i = 0; i < draws; i++) {
            Arm arm = ChannelHistory.uniformArm(Platform.TIKTOK, "cooking", random);
            assertThat(ParameterTable.of(Role.SEGMENT).stream().map(arm::get).toList())
                    .containsExactly("TIKTOK", "cooking");
            for (Parameter p : ParameterTable.chosen()) {
                String v = String.valueOf(arm.get(p));
                assertThat(p.problem(arm.get(p))).as(p.name()).isNull();
                seen.computeIfAbsent(p, k -> new HashSet<>()).add(v);
                if (v.equals(p.values().get(0))) {
                    firstValueCount.merge(p.name(), 1, Integer::sum);
                }
            }
        }
        for (Parameter p : ParameterTable.chosen()) {
            assertThat(seen.get(p)).as(p.name()).containsExactlyInAnyOrderElementsOf(p.values());
            // uniform: each value's share is 1/k; the first value's count is within 5 sigma
            double k = p.values().size();
            double expected = draws / k;
            double sigma = Math.sqrt(draws * (1 / k) * (1 - 1 / k));
            assertThat((double) firstValueCount.getOrDefault(p.name(), 0))
                    .as(p.name())
                    .isBetween(expected - 5 * sigma, expected + 5 * sigma);
        }
        double arms = 1;
        for (Parameter p : ParameterTable.chosen()) {
            arms *= p.values().size();
        }
        assertThat(ChannelHistory.selectionProbability()).isEqualTo(1.0 / arms);
    }

    @Test
    void theHistoryVideosLengthIsTheArmsNumericContentParameter() {
        assertThat(ChannelHistory.LENGTH.role()).isEqualTo(Role.CONTENT);
        assertThat(ChannelHistory.LENGTH.integer()).isTrue();
        assertThat(ChannelHistory.LENGTH.values())
                .allSatisfy(
                        v ->
                                assertThat(Integer.parseInt(v))
                                        .isBetween(
                                                ParameterTable.MIN_DURATION_S,
                                                ParameterTable.MAX_DURATION_S));
    }
}
