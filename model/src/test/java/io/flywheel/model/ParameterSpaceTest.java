package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.ContentParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterSpaceTest {
    static final Parameter DURATION = ParameterTable.get("target_duration_s");
    static final Parameter VOICE = ParameterTable.get("voice");
    static final Parameter HOUR = ParameterTable.get("posting_hour");

    @Test
    void theDefaultIsTheTablesValuesOfEveryChosenParameter() {
        assertThat(ParameterSpace.DEFAULT.values().keySet())
                .hasSize(9)
                .startsWith("hook_style")
                .endsWith("posting_hour")
                .doesNotContain("platform", "niche");
        assertThat(ParameterSpace.DEFAULT.values(VOICE))
                .containsExactly("en-us+f3", "en-us+m3", "en-gb+f2", "en-us+m7");
        assertThat(ParameterSpace.DEFAULT.values(ParameterTable.get("pacing")))
                .containsExactly("SLOW", "MEDIUM", "FAST");
        assertThat(ParameterSpace.DEFAULT.timingValues()).hasSize(24).startsWith(0, 1);
        assertThat(ParameterSpace.DEFAULT.contentValues()).hasSize(8);
        assertThat(ParameterSpace.DEFAULT.describe())
                .contains("target_duration_s: [15, 30, 45, 60]");
    }

    @Test
    void triedValuesAreAddedSortedNumbersByValue() {
        ParameterSpace s =
                ParameterSpace.DEFAULT
                        .plus(DURATION, List.of(120, 9, 30))
                        .plus(VOICE, List.of("de-de", "en-us+f3"))
                        .plus(HOUR, null);

        assertThat(s.values(DURATION)).containsExactly("9", "15", "30", "45", "60", "120");
        assertThat(s.values(VOICE))
                .containsExactly("de-de", "en-gb+f2", "en-us+f3", "en-us+m3", "en-us+m7");
        assertThat(s.values(HOUR)).isEqualTo(ParameterSpace.DEFAULT.values(HOUR));
        assertThat(s.armsPerSegment())
                .isEqualTo(ParameterSpace.DEFAULT.armsPerSegment() / 4 * 6 / 4 * 5);
    }

    @Test
    void everyArmOfASegmentIsVisitedOnceLastParameterFastest() {
        ParameterSpace small =
                ParameterSpace.DEFAULT
                        .with(DURATION, List.of(30))
                        .with(VOICE, List.of("en-us+f3", "en-gb+f2"))
                        .with(HOUR, List.of(8, 20));
        List<String> keys = new ArrayList<>();
        small.forEachArm(
                "TIKTOK", "fitness", (ContentParameters p) -> keys.add(Arm.fromAvro(p).armKey()));

        assertThat(keys).hasSize((int) small.armsPerSegment()).doesNotHaveDuplicates();
        assertThat(small.armsPerSegment()).isEqualTo(6 * 3 * 1 * 2 * 5 * 3 * 5 * 2);
        assertThat(keys.get(0))
                .isEqualTo("TIKTOK|fitness|QUESTION|SLOW|30|en-us+f3|NONE|NONE|MINIMAL|EN_US|8");
        assertThat(keys.get(1)).endsWith("|20");
        assertThat(keys.get(keys.size() - 1)).startsWith("TIKTOK|fitness|" + last("hook_style"));
        Set<String> random = new HashSet<>();
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            random.add(small.random("TIKTOK", "fitness", r).armKey());
        }
        assertThat(keys).containsAll(random);
    }

    @Test
    void aSpaceHasValuesForEveryChosenParameterAndNoOther() {
        assertThatThrownBy(() -> new ParameterSpace(Map.of()))
                .hasMessageContaining("no values for hook_style");
        Map<String, List<String>> extra =
                new java.util.LinkedHashMap<>(ParameterSpace.DEFAULT.values());
        extra.put("colour", List.of("red"));
        assertThatThrownBy(() -> new ParameterSpace(extra)).hasMessageContaining("colour");
    }

    private static String last(String parameter) {
        List<String> v = ParameterSpace.DEFAULT.values(ParameterTable.get(parameter));
        return v.get(v.size() - 1);
    }
}
