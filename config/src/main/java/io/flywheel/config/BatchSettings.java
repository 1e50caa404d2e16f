package io.flywheel.config;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the Spark batch jobs read, write and learn.
 *
 * @param lakeDir the Delta lake: {@code bronze/}, {@code silver/}, {@code gold/} below it
 * @param modelDir the model store: one directory per model version
 * @param sparkMaster the Spark master URL; {@code local[2]} runs in the job's own JVM
 * @param horizonHours how long after publication a video's outcome is measured
 * @param objective the engagement metric the models predict, summed up to the horizon
 * @param ensembleSize boosters in the bootstrap ensemble (at least 2, for a spread)
 * @param boostRounds boosting rounds of each booster
 * @param maxDepth maximum tree depth
 * @param promotionMargin relative RMSE improvement a challenger needs over the champion
 * @param recommendationsPerSegment ranked arms written per platform × niche
 * @param explorationShare share of those slots given to exploration (Thompson draws)
 * @param explorationCommit share of a planned campaign's cycles, its last ones, that only exploit
 *     ({@link #explorationShare(int, int)})
 * @param minTrainingRows fewer horizon-reached videos than this and no model is trained (the demo's
 *     few videos lower it; a production channel keeps the default)
 */
public record BatchSettings(
        Path lakeDir,
        Path modelDir,
        String sparkMaster,
        int horizonHours,
        String objective,
        int ensembleSize,
        int boostRounds,
        int maxDepth,
        double promotionMargin,
        int recommendationsPerSegment,
        double explorationShare,
        double explorationCommit,
        int minTrainingRows) {

    /**
     * What the models can optimise: {@code engaged_views} (the default), {@code watch_time}
     * (minutes watched), {@code revenue} (the platforms' estimated revenue, US dollars), or another
     * summed engagement metric (EngagementObserved's names, snake case).
     */
    public static final Set<String> OBJECTIVES =
            Set.of(
                    "watch_time",
                    "revenue",
                    "views",
                    "engaged_views",
                    "minutes_watched",
                    "likes",
                    "comments",
                    "shares",
                    "subscribers_gained",
                    "impressions");

    public BatchSettings {
        if (!OBJECTIVES.contains(objective)) {
            throw new ConfigException(
                    "batch.objective must be one of " + new java.util.TreeSet<>(OBJECTIVES));
        }
        if (ensembleSize < 2) {
            throw new ConfigException("batch.ensemble.size must be at least 2 (for a spread)");
        }
        if (promotionMargin < 0 || promotionMargin >= 1) {
            throw new ConfigException("batch.promotion.margin must be in [0, 1)");
        }
        if (explorationShare < 0 || explorationShare > 1) {
            throw new ConfigException("batch.exploration.share must be in [0, 1]");
        }
        if (!(explorationCommit >= 0 && explorationCommit < 1)) {
            throw new ConfigException("batch.exploration.commit must be in [0, 1)");
        }
    }

    /**
     * The exploration share of cycle {@code cycle} (1-based) of a campaign planned for {@code
     * cycles}: {@link #explorationShare}, but 0 in the last {@code round(explorationCommit ×
     * cycles)} cycles (explore, then commit). What a campaign's last batches would learn has no
     * batch left to pay off in, so they all take the best arm found. A loop without a planned end
     * (the scheduler, a brief on its own) uses the share.
     */
    public double explorationShare(int cycle, int cycles) {
        if (cycles < 1 || cycle < 1 || cycle > cycles) {
            throw new IllegalArgumentException(
                    "cycle " + cycle + " is not one of a campaign's 1.." + cycles);
        }
        long committed = Math.round(explorationCommit * cycles);
        return cycle > cycles - committed ? 0 : explorationShare;
    }
}
