package io.flywheel.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EffectsLayoutTest {
    private static final int K = EffectsLayout.CONTENT.size();
    private static final int[] LEVELS = {3, 2, 4, 2, 3, 2, 2, 2};
    private static final List<String> PLATFORMS = List.of("tiktok", "youtube", "instagram");
    private static final List<String> NICHES = List.of("food", "tech");
    // not every platform/niche pair is a segment
    private static final List<String> SEGMENTS =
            List.of("tiktok/food", "tiktok/tech", "youtube/food", "instagram/tech");

    static List<List<String>> levels(int[] counts) {
        List<List<String>> out = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            List<String> l = new ArrayList<>();
            for (int v = 0; v < counts[c]; v++) {
                l.add(EffectsLayout.CONTENT.get(c) + "_" + v);
            }
            out.add(l);
        }
        return out;
    }

    private static EffectsLayout layout() {
        return new EffectsLayout(PLATFORMS, NICHES, SEGMENTS, levels(LEVELS));
    }

    private static String[] values(int... lv) {
        String[] v = new String[K];
        for (int c = 0; c < K; c++) {
            v[c] = EffectsLayout.CONTENT.get(c) + "_" + lv[c];
        }
        return v;
    }

    @Test
    void sizesOfTheBlocks() {
        EffectsLayout l = layout();
        int p = PLATFORMS.size();
        int n = NICHES.size();
        int expected = p + n + SEGMENTS.size();
        for (int c = 0; c < K; c++) {
            expected += LEVELS[c] * (1 + p + n);
            for (int d = c + 1; d < K; d++) {
                expected += LEVELS[c] * LEVELS[d];
            }
        }
        expected += EffectsLayout.HOURS * (1 + p);
        assertThat(l.size()).isEqualTo(expected);
        for (int c = 0; c < K; c++) {
            assertThat(l.levels(c)).isEqualTo(LEVELS[c]);
        }
        assertThat(l.groups()).isEqualTo(3 * K + K * (K - 1) / 2);
        assertThat(l.hourCurves()).hasSize(1 + p);

        Map<EffectsLayout.Kind, Integer> kinds = new EnumMap<>(EffectsLayout.Kind.class);
        for (int i = 0; i < l.size(); i++) {
            kinds.merge(l.kind(i), 1, Integer::sum);
        }
        int levelSum = Arrays.stream(LEVELS).sum();
        int pairs = 0;
        for (int c = 0; c < K; c++) {
            for (int d = c + 1; d < K; d++) {
                pairs += LEVELS[c] * LEVELS[d];
            }
        }
        assertThat(kinds.get(EffectsLayout.Kind.INTERCEPT)).isEqualTo(p + n + SEGMENTS.size());
        assertThat(kinds.get(EffectsLayout.Kind.MAIN)).isEqualTo(levelSum);
        assertThat(kinds.get(EffectsLayout.Kind.DEVIATION)).isEqualTo(levelSum * (p + n));
        assertThat(kinds.get(EffectsLayout.Kind.PAIR)).isEqualTo(pairs);
        assertThat(kinds.get(EffectsLayout.Kind.HOUR)).isEqualTo(24 * (1 + p));
    }

    @Test
    void anArmSwitchesOnOneDistinctIndexPerBlock() {
        EffectsLayout l = layout();
        int[] a = l.active("youtube", "food", values(2, 1, 3, 0, 2, 1, 0, 1), 13);
        // platform, niche, segment; K × (overall, platform, niche); K(K-1)/2 pairs; hour and
        // platform
        // hour
        assertThat(a).hasSize(3 + 3 * K + K * (K - 1) / 2 + 2);
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(a.length);
        for (int i : a) {
            assertThat(i).isBetween(0, l.size() - 1);
        }
        // exactly one index in every variance group
        int[] perGroup = new int[l.groups()];
        Map<EffectsLayout.Kind, Integer> kinds = new EnumMap<>(EffectsLayout.Kind.class);
        for (int i : a) {
            kinds.merge(l.kind(i), 1, Integer::sum);
            if (l.group(i) >= 0) {
                perGroup[l.group(i)]++;
            }
        }
        assertThat(perGroup).containsOnly(1);
        assertThat(kinds)
                .containsEntry(EffectsLayout.Kind.INTERCEPT, 3)
                .containsEntry(EffectsLayout.Kind.MAIN, K)
                .containsEntry(EffectsLayout.Kind.DEVIATION, 2 * K)
                .containsEntry(EffectsLayout.Kind.PAIR, K * (K - 1) / 2)
                .containsEntry(EffectsLayout.Kind.HOUR, 2);
        assertThat(a)
                .contains(
                        l.platformIndexOf(1),
                        l.nicheIndexOf(0),
                        l.segmentIndexOf("youtube/food"),
                        l.mainIndex(2, 3),
                        l.platformMainIndex(2, 1, 3),
                        l.nicheMainIndex(2, 0, 3),
                        l.pairIndex(0, 2, 2, 3),
                        l.hourIndex(13),
                        l.platformHourIndex(1, 13));
    }

    @Test
    void armsTogetherCoverEveryIndexAndDifferentArmsDiffer() {
        EffectsLayout l = layout();
        Set<Integer> seen = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        int arms = 0;
        int[] lv = new int[K];
        while (true) {
            for (String p : PLATFORMS) {
                for (String n : NICHES) {
                    for (int h = 0; h < 24; h += 1) {
                        int[] a = l.active(p, n, values(lv), h);
                        for (int i : a) {
                            seen.add(i);
                        }
                        int[] sorted = a.clone();
                        Arrays.sort(sorted);
                        distinct.add(Arrays.toString(sorted));
                        arms++;
                    }
                }
            }
            int c = K - 1;
            while (c >= 0 && ++lv[c] == LEVELS[c]) {
                lv[c] = 0;
                c--;
            }
            if (c < 0) {
                break;
            }
        }
        assertThat(seen).hasSize(l.size());
        assertThat(distinct).hasSize(arms);
    }

    @Test
    void unknownValuesSwitchNothingOnForTheirBlocks() {
        EffectsLayout l = layout();
        int full = 3 + 3 * K + K * (K - 1) / 2 + 2;
        String[] v = values(1, 0, 2, 1, 0, 1, 1, 0);

        String[] unknownLevel = v.clone();
        unknownLevel[3] = "never_seen";
        assertThat(l.level(3, "never_seen")).isEqualTo(-1);
        int[] a = l.active("tiktok", "tech", unknownLevel, 5);
        // the level's overall, platform and niche effects and its 6 pairs are off
        assertThat(a).hasSize(full - 3 - (K - 1));
        for (int i : a) {
            int g = l.group(i);
            assertThat(g).isNotIn(3, K + 3, 2 * K + 3);
        }
        for (int other = 0; other < K; other++) {
            if (other == 3) {
                continue;
            }
            int x = Math.min(other, 3);
            int y = Math.max(other, 3);
            for (int lx = 0; lx < LEVELS[x]; lx++) {
                for (int ly = 0; ly < LEVELS[y]; ly++) {
                    assertThat(a).doesNotContain(l.pairIndex(x, y, lx, ly));
                }
            }
        }

        int[] unknownPlatform = l.active("snapchat", "tech", v, 5);
        assertThat(l.platform("snapchat")).isEqualTo(-1);
        // platform, segment, K platform deviations, platform hour
        assertThat(unknownPlatform).hasSize(full - 1 - 1 - K - 1);
        for (int i : unknownPlatform) {
            assertThat(l.group(i) >= K && l.group(i) < 2 * K)
                    .as("platform group %d", l.group(i))
                    .isFalse();
        }
        for (int p = 0; p < PLATFORMS.size(); p++) {
            assertThat(unknownPlatform).doesNotContain(l.platformIndexOf(p));
            assertThat(unknownPlatform).doesNotContain(l.platformHourIndex(p, 5));
        }
        assertThat(unknownPlatform).contains(l.hourIndex(5), l.nicheIndexOf(1));

        int[] unknownNiche = l.active("tiktok", "gardening", v, 5);
        // niche, segment, K niche deviations
        assertThat(unknownNiche).hasSize(full - 1 - 1 - K);
        for (int i : unknownNiche) {
            assertThat(l.group(i) >= 2 * K && l.group(i) < 3 * K)
                    .as("niche group %d", l.group(i))
                    .isFalse();
        }

        // a known platform and niche whose pair is no segment: only the segment is off
        int[] noSegment = l.active("youtube", "tech", v, 5);
        assertThat(l.segmentIndexOf("youtube/tech")).isEqualTo(-1);
        assertThat(noSegment).hasSize(full - 1);

        int[] badHour = l.active("tiktok", "tech", v, 24);
        assertThat(badHour).hasSize(full - 2);
        assertThat(l.active("tiktok", "tech", v, -1)).hasSize(full - 2);
        for (int i : badHour) {
            assertThat(l.kind(i)).isNotEqualTo(EffectsLayout.Kind.HOUR);
        }
    }

    @Test
    void groupsOfEachKind() {
        EffectsLayout l = layout();
        Set<Integer> groups = new HashSet<>();
        for (int i = 0; i < l.size(); i++) {
            EffectsLayout.Kind kind = l.kind(i);
            int g = l.group(i);
            if (kind == EffectsLayout.Kind.INTERCEPT || kind == EffectsLayout.Kind.HOUR) {
                assertThat(g).as("group of %d (%s)", i, kind).isEqualTo(-1);
            } else {
                assertThat(g).as("group of %d (%s)", i, kind).isBetween(0, l.groups() - 1);
                groups.add(g);
            }
        }
        assertThat(groups).hasSize(l.groups());
        for (int c = 0; c < K; c++) {
            for (int v = 0; v < LEVELS[c]; v++) {
                assertThat(l.group(l.mainIndex(c, v))).isEqualTo(c);
                for (int p = 0; p < PLATFORMS.size(); p++) {
                    assertThat(l.group(l.platformMainIndex(c, p, v))).isEqualTo(K + c);
                    assertThat(l.kind(l.platformMainIndex(c, p, v)))
                            .isEqualTo(EffectsLayout.Kind.DEVIATION);
                }
                for (int n = 0; n < NICHES.size(); n++) {
                    assertThat(l.group(l.nicheMainIndex(c, n, v))).isEqualTo(2 * K + c);
                }
            }
        }
        Set<Integer> pairGroups = new HashSet<>();
        for (int a = 0; a < K; a++) {
            for (int b = a + 1; b < K; b++) {
                int g = l.group(l.pairIndex(a, b, 0, 0));
                assertThat(g).isBetween(3 * K, l.groups() - 1);
                assertThat(l.group(l.pairIndex(a, b, LEVELS[a] - 1, LEVELS[b] - 1))).isEqualTo(g);
                pairGroups.add(g);
            }
        }
        assertThat(pairGroups).hasSize(K * (K - 1) / 2);
    }

    @Test
    void duplicatesAreRefused() {
        List<List<String>> dup = levels(LEVELS);
        List<String> hook = new ArrayList<>(dup.get(0));
        hook.add(hook.get(0));
        dup.set(0, hook);
        assertThatThrownBy(() -> new EffectsLayout(PLATFORMS, NICHES, SEGMENTS, dup))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(
                        () ->
                                new EffectsLayout(
                                        List.of("a", "a"), NICHES, SEGMENTS, levels(LEVELS)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new EffectsLayout(
                                        PLATFORMS, NICHES, SEGMENTS, levels(new int[] {2, 2, 2})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
