package io.flywheel.batch.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.model.Arm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exploration aimed at what a segment has not tried, on literal ensembles and histories. */
class InformedSlotsTest {
    private static final Arm TRIED = arm("QUESTION", 18);
    private static final Arm NEW_HOOK = arm("STORY", 18);
    private static final Arm NEW_HOUR = arm("QUESTION", 8);

    @Test
    void withoutExplorationEveryVideoGetsTheMeansBestArm() {
        float[][] byMember = {{100, 90, 80}, {100, 90, 80}};

        List<Integer> chosen =
                InformedSlots.fill(
                        List.of(TRIED, NEW_HOOK, NEW_HOUR),
                        byMember,
                        Coverage.of(Collections.nCopies(40, TRIED)),
                        12,
                        0.0,
                        0.5,
                        new Random(1));

        assertThat(chosen).hasSize(12).containsOnly(0);
    }

    @Test
    void explorationGoesToTheUntriedLevelsTheMembersAgreeOn() {
        // The members agree on every arm, so a Thompson draw would only ever repeat arm 0; the
        // untried hook and posting hour are a little worse in the model's belief and get the
        // exploration videos, taking turns as each video counts as tried.
        float[][] byMember = {{100, 90, 85}, {100, 90, 85}};
        List<Arm> arms = List.of(TRIED, NEW_HOOK, NEW_HOUR);

        List<Integer> chosen =
                InformedSlots.fill(
                        arms,
                        byMember,
                        Coverage.of(Collections.nCopies(40, TRIED)),
                        4,
                        1.0,
                        0.5,
                        new Random(2));

        assertThat(chosen).containsExactly(1, 2, 1, 2);
    }

    @Test
    void anExplorationVideoNeverCostsMoreThanItsBonusInTheModelsBelief() {
        // exp(0.5) = 1.65: an untried arm rated at half the best one is not worth a video.
        float[][] byMember = {{100, 50, 40}};

        List<Integer> chosen =
                InformedSlots.fill(
                        List.of(TRIED, NEW_HOOK, NEW_HOUR),
                        byMember,
                        Coverage.of(Collections.nCopies(40, TRIED)),
                        20,
                        1.0,
                        0.5,
                        new Random(3));

        assertThat(chosen).containsOnly(0);
    }

    @Test
    void aPostingHourCountsTheOutcomesWithinAnHourOfIt() {
        List<Arm> history = new ArrayList<>();
        history.add(arm("QUESTION", 23));
        history.add(arm("QUESTION", 0));
        history.add(arm("QUESTION", 1));
        history.add(arm("QUESTION", 5));
        Coverage coverage = Coverage.of(history);

        assertThat(coverage.leastTried(arm("QUESTION", 0))).isEqualTo(3);
        assertThat(coverage.leastTried(arm("QUESTION", 23))).isEqualTo(2);
        assertThat(coverage.leastTried(arm("QUESTION", 12))).isZero();
        assertThat(coverage.leastTried(arm("STORY", 0))).isZero();
    }

    private static Arm arm(String hook, int hour) {
        return new Arm(
                "INSTAGRAM_REELS",
                "travel",
                hook,
                "FAST",
                30,
                "en-us+f3",
                "UPBEAT",
                "SENTENCE",
                "BOLD",
                hour);
    }
}
