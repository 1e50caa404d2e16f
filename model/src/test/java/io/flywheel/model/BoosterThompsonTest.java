package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoosterThompsonTest {
    private static final float[][] BY_MEMBER = {
        {1f, 5f, 2f},
        {1f, 4f, 6f},
        {3f, 5f, 2f},
        {1f, 6f, 2f}
    };

    @Test
    void meanAndSpreadAreComputedOnce() {
        Scores s = Scores.of(BY_MEMBER);
        assertThat(s.mean()).containsExactly(1.5, 5.0, 3.0);
        assertThat(s.spread()[0]).isEqualTo(1.0);
        assertThat(s.spread()[1])
                .isCloseTo(Math.sqrt(2.0 / 3), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void exploitsTheMeansBestAndExploresTheMembersFavourites() {
        Scores s = Scores.of(BY_MEMBER);
        List<BoosterThompson.Slot> none = BoosterThompson.fill(s, 12, 0.0, new Random(2));
        assertThat(none).extracting(BoosterThompson.Slot::arm).containsOnly(1);
        assertThat(none.get(0).probability()).isEqualTo(1.0 * 1 + 0.0);
        List<BoosterThompson.Slot> all =
                BoosterThompson.fill(s, 20_000, 1.0, new SplittableRandom(4));
        long third = all.stream().filter(x -> x.arm() == 2).count();
        // one member of four rates arm 2 best
        assertThat(third).isBetween(4_700L, 5_300L);
        assertThat(all).extracting(BoosterThompson.Slot::arm).doesNotContain(0);
        BoosterThompson.Slot two = all.stream().filter(x -> x.arm() == 2).findFirst().get();
        assertThat(two.probability()).isEqualTo(0.25);
        assertThat(two.explore()).isTrue();
    }

    @Test
    void theProbabilityIsExact() {
        Scores s = Scores.of(BY_MEMBER);
        BoosterThompson.Slot best =
                BoosterThompson.fill(s, 200, 0.2, new Random(3)).stream()
                        .filter(x -> x.arm() == 1)
                        .findFirst()
                        .get();
        assertThat(best.probability()).isEqualTo(0.8 + 0.2 * 3 / 4);
    }
}
