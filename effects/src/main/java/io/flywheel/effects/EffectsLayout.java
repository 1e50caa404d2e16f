package io.flywheel.effects;

import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each effect of the log-linear effects model sits in its coefficient vector. An arm's log
 * outcome is the sum of the effects it switches on: its platform, niche and segment; for each
 * content parameter its level's effect overall, on its platform and in its niche; for each pair of
 * content parameters the pair of levels' effect; its posting hour's effect overall and on its
 * platform. Every effect is a 0/1 feature, so an arm is the list of its active indices.
 */
public final class EffectsLayout implements java.io.Serializable {
    /**
     * The content parameters ({@link Role#CONTENT} rows of the table), in the order {@link
     * #contentLevels} lists their levels.
     */
    public static final List<String> CONTENT =
            ParameterTable.of(Role.CONTENT).stream().map(Parameter::name).toList();

    public static final int HOURS = 24;

    private final List<String> platforms;
    private final List<String> niches;
    private final List<String> segments;
    private final List<List<String>> contentLevels;
    private final Map<String, Integer> platformIndex = new HashMap<>();
    private final Map<String, Integer> nicheIndex = new HashMap<>();
    private final Map<String, Integer> segmentIndex = new HashMap<>();
    private final List<Map<String, Integer>> levelIndex = new ArrayList<>();

    // first index of each block
    private final int platformBase;
    private final int nicheBase;
    private final int segmentBase;
    private final int[] mainBase;
    private final int[][] platformMainBase; // [content][platform]
    private final int[][] nicheMainBase; // [content][niche]
    private final int[][] pairBase; // [a][b], a < b
    private final int hourBase;
    private final int[] platformHourBase;
    private final int size;

    public EffectsLayout(
            List<String> platforms,
            List<String> niches,
            List<String> segments,
            List<List<String>> contentLevels) {
        if (contentLevels.size() != CONTENT.size()) {
            throw new IllegalArgumentException(
                    "levels for " + contentLevels.size() + " parameters, not " + CONTENT.size());
        }
        this.platforms = List.copyOf(platforms);
        this.niches = List.copyOf(niches);
        this.segments = List.copyOf(segments);
        this.contentLevels = contentLevels.stream().map(List::copyOf).toList();
        index(this.platforms, platformIndex);
        index(this.niches, nicheIndex);
        index(this.segments, segmentIndex);
        for (List<String> levels : this.contentLevels) {
            Map<String, Integer> m = new HashMap<>();
            index(levels, m);
            levelIndex.add(m);
        }
        int next = 0;
        platformBase = next;
        next += this.platforms.size();
        nicheBase = next;
        next += this.niches.size();
        segmentBase = next;
        next += this.segments.size();
        int k = CONTENT.size();
        mainBase = new int[k];
        platformMainBase = new int[k][this.platforms.size()];
        nicheMainBase = new int[k][this.niches.size()];
        for (int c = 0; c < k; c++) {
            mainBase[c] = next;
            next += levels(c);
            for (int p = 0; p < this.platforms.size(); p++) {
                platformMainBase[c][p] = next;
                next += levels(c);
            }
            for (int n = 0; n < this.niches.size(); n++) {
                nicheMainBase[c][n] = next;
                next += levels(c);
            }
        }
        pairBase = new int[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                pairBase[a][b] = next;
                next += levels(a) * levels(b);
            }
        }
        hourBase = next;
        next += HOURS;
        platformHourBase = new int[this.platforms.size()];
        for (int p = 0; p < this.platforms.size(); p++) {
            platformHourBase[p] = next;
            next += HOURS;
        }
        size = next;
    }

    private static void index(List<String> values, Map<String, Integer> into) {
        for (String v : values) {
            if (into.putIfAbsent(v, into.size()) != null) {
                throw new IllegalArgumentException("duplicate level " + v);
            }
        }
    }

    public int size() {
        return size;
    }

    public int levels(int content) {
        return contentLevels.get(content).size();
    }

    public List<String> platforms() {
        return platforms;
    }

    public List<String> niches() {
        return niches;
    }

    public List<String> segments() {
        return segments;
    }

    public List<List<String>> contentLevels() {
        return contentLevels;
    }

    /** Index of a content value among its parameter's levels, or -1 if the model never saw it. */
    public int level(int content, String value) {
        return levelIndex.get(content).getOrDefault(value, -1);
    }

    public int platform(String platform) {
        return platformIndex.getOrDefault(platform, -1);
    }

    public int niche(String niche) {
        return nicheIndex.getOrDefault(niche, -1);
    }

    /** A segment's name, as worlds, the lake and the model spell it. */
    public static String segment(String platform, String niche) {
        return platform + "/" + niche;
    }

    /**
     * The indices an arm switches on (unknown platforms, niches or levels switch nothing on); its
     * content values in {@link #CONTENT}'s order.
     */
    public int[] active(String platform, String niche, String[] values, int hour) {
        int p = platform(platform);
        int n = niche(niche);
        int[] lv = new int[values.length];
        for (int c = 0; c < values.length; c++) {
            lv[c] = level(c, values[c]);
        }
        int[] out = new int[3 + 3 * values.length + values.length * (values.length - 1) / 2 + 2];
        int k = 0;
        if (p >= 0) {
            out[k++] = platformBase + p;
        }
        if (n >= 0) {
            out[k++] = nicheBase + n;
        }
        Integer s = segmentIndex.get(segment(platform, niche));
        if (s != null) {
            out[k++] = segmentBase + s;
        }
        for (int c = 0; c < values.length; c++) {
            if (lv[c] < 0) {
                continue;
            }
            out[k++] = mainBase[c] + lv[c];
            if (p >= 0) {
                out[k++] = platformMainBase[c][p] + lv[c];
            }
            if (n >= 0) {
                out[k++] = nicheMainBase[c][n] + lv[c];
            }
        }
        for (int x = 0; x < values.length; x++) {
            for (int y = x + 1; y < values.length; y++) {
                if (lv[x] >= 0 && lv[y] >= 0) {
                    out[k++] = pairBase[x][y] + lv[x] * levels(y) + lv[y];
                }
            }
        }
        int h = hour;
        if (h >= 0 && h < HOURS) {
            out[k++] = hourBase + h;
            if (p >= 0) {
                out[k++] = platformHourBase[p] + h;
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** What kind of effect index i is: the prior sets its variance by kind. */
    public enum Kind {
        INTERCEPT,
        MAIN,
        DEVIATION,
        PAIR,
        HOUR
    }

    public Kind kind(int i) {
        if (i < mainBase[0]) {
            return Kind.INTERCEPT;
        }
        if (i >= hourBase) {
            return Kind.HOUR;
        }
        if (i >= pairBase[0][1]) {
            return Kind.PAIR;
        }
        for (int c = 0; c < CONTENT.size(); c++) {
            if (i >= mainBase[c] && i < mainBase[c] + levels(c)) {
                return Kind.MAIN;
            }
        }
        return Kind.DEVIATION;
    }

    /**
     * The variance group of effect i, whose prior variance the data sets (empirical Bayes): one per
     * content parameter's overall effects, its platform deviations, its niche deviations, and one
     * per pair of content parameters; -1 for intercepts and hour curves (a fixed prior).
     */
    public int group(int i) {
        int k = CONTENT.size();
        if (i < mainBase[0] || i >= hourBase) {
            return -1;
        }
        if (i >= pairBase[0][1]) {
            int g = 3 * k;
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (i >= pairBase[a][b] && i < pairBase[a][b] + levels(a) * levels(b)) {
                        return g;
                    }
                    g++;
                }
            }
            throw new IllegalStateException("index " + i);
        }
        for (int c = k - 1; c >= 0; c--) {
            if (i >= mainBase[c]) {
                int off = i - mainBase[c];
                int block = off / levels(c); // 0 overall, then platforms, then niches
                if (block == 0) {
                    return c;
                }
                return block <= platforms.size() ? k + c : 2 * k + c;
            }
        }
        throw new IllegalStateException("index " + i);
    }

    public int groups() {
        int k = CONTENT.size();
        return 3 * k + k * (k - 1) / 2;
    }

    /** First index of each 24-hour curve (overall, then one per platform). */
    public int[] hourCurves() {
        int[] out = new int[1 + platforms.size()];
        out[0] = hourBase;
        System.arraycopy(platformHourBase, 0, out, 1, platformHourBase.length);
        return out;
    }

    // accessors for the exact search of a segment's best arm
    int mainIndex(int content, int level) {
        return mainBase[content] + level;
    }

    int platformMainIndex(int content, int platform, int level) {
        return platformMainBase[content][platform] + level;
    }

    int nicheMainIndex(int content, int niche, int level) {
        return nicheMainBase[content][niche] + level;
    }

    int pairIndex(int a, int b, int la, int lb) {
        return pairBase[a][b] + la * levels(b) + lb;
    }

    int hourIndex(int hour) {
        return hourBase + hour;
    }

    int platformHourIndex(int platform, int hour) {
        return platformHourBase[platform] + hour;
    }

    int platformIndexOf(int p) {
        return platformBase + p;
    }

    int nicheIndexOf(int n) {
        return nicheBase + n;
    }

    int segmentIndexOf(String segment) {
        Integer s = segmentIndex.get(segment);
        return s == null ? -1 : segmentBase + s;
    }
}
