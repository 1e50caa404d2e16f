package io.flywheel.batch.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmSearchTest {
    private static final Arm START =
            new Arm(
                    "TIKTOK",
                    "fitness",
                    "POV",
                    "FAST",
                    30,
                    "en-us+f3",
                    "UPBEAT",
                    "WORD_HIGHLIGHT",
                    "BOLD",
                    "EN_US",
                    18);

    @Test
    void neighboursChangeExactlyOneParameterEachOverTheWholeSpace() {
        ParameterSpace space = ParameterSpace.DEFAULT;
        List<Arm> n = ArmSearch.neighbours(START, space);
        // hooks 6-1, pacings 3-1, durations 4-1, voices 4-1, moods 5-1, captions 3-1,
        // visuals 5-1, hours 24-1
        assertThat(n).hasSize(5 + 2 + 3 + 3 + 4 + 2 + 4 + 23).doesNotHaveDuplicates();
        for (Arm a : n) {
            long changed =
                    ParameterTable.ALL.stream()
                            .filter((Parameter p) -> !p.text(a).equals(p.text(START)))
                            .count();
            assertThat(changed).as(a.armKey()).isEqualTo(1);
        }
        assertThat(n.get(0).hookStyle()).isEqualTo("QUESTION");
        assertThat(n.get(n.size() - 1).postingHour()).isEqualTo(23);
    }

    @Test
    void climbFindsTheBestOfAnAdditiveScore() {
        ParameterSpace space = ParameterSpace.DEFAULT;
        Arm best =
                ArmSearch.climb(
                        START,
                        space,
                        arms ->
                                arms.stream()
                                        .mapToDouble(
                                                a ->
                                                        (a.hookStyle().equals("STORY") ? 3 : 0)
                                                                + (a.voice().equals("en-gb+f2")
                                                                        ? 2
                                                                        : 0)
                                                                + a.postingHour() / 100.0)
                                        .toArray());
        assertThat(best.hookStyle()).isEqualTo("STORY");
        assertThat(best.voice()).isEqualTo("en-gb+f2");
        assertThat(best.postingHour()).isEqualTo(23);
        assertThat(best.captionStyle()).isEqualTo(START.captionStyle());
    }
}
