package io.flywheel.batch.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each video's arm, on tiny literal ensembles whose right answer is known. */
class ThompsonSlotsTest {

    @Test
    void whenTheMembersAgreeEveryVideoGetsTheirBestArm() {
        float[][] byMember = {{1, 5, 2}, {0, 6, 1}, {2, 7, 3}};

        List<Integer> chosen = ThompsonSlots.fill(byMember, 12, 0.2, new Random(1));

        assertThat(chosen).hasSize(12).containsOnly(1);
        assertThat(ThompsonSlots.probability(byMember, 1, 0.2)).isEqualTo(1.0);
        assertThat(ThompsonSlots.probability(byMember, 0, 0.2)).isZero();
    }

    @Test
    void whenTheyDisagreeTheExplorationShareSpreadsOverTheirFavourites() {
        // Means 4, 3.75, 3: the mean's best is arm 0; the members' favourites are 0, 1, 2 and 0.
        float[][] byMember = {{9, 1, 1}, {1, 9, 1}, {1, 1, 9}, {5, 4, 1}};
        int videos = 20_000;

        assertThat(ThompsonSlots.fill(byMember, 12, 0.0, new Random(2))).containsOnly(0);
        Map<Integer, Integer> seen = new HashMap<>();
        ThompsonSlots.fill(byMember, videos, 0.2, new Random(3))
                .forEach(i -> seen.merge(i, 1, Integer::sum));

        assertThat(seen).containsOnlyKeys(0, 1, 2);
        double[] expected = {0.8 + 0.2 * 2 / 4, 0.2 / 4, 0.2 / 4};
        for (int i = 0; i < 3; i++) {
            assertThat(ThompsonSlots.probability(byMember, i, 0.2))
                    .isCloseTo(expected[i], within(1e-12));
            // more than four standard errors of each frequency over 20,000 videos
            assertThat(seen.get(i) / (double) videos).isCloseTo(expected[i], within(0.01));
        }
    }

    @Test
    void onlyExplorationPlaysEachMembersFavouriteAsOftenAsItIsDrawn() {
        float[][] byMember = {{9, 1, 1}, {1, 9, 1}, {1, 1, 9}, {5, 4, 1}};
        Map<Integer, Integer> seen = new HashMap<>();
        ThompsonSlots.fill(byMember, 20_000, 1.0, new Random(4))
                .forEach(i -> seen.merge(i, 1, Integer::sum));

        assertThat(seen.get(0) / 20_000.0).isCloseTo(0.5, within(0.015));
        assertThat(seen.get(1) / 20_000.0).isCloseTo(0.25, within(0.015));
        assertThat(seen.get(2) / 20_000.0).isCloseTo(0.25, within(0.015));
    }
}
