package io.flywheel.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How the strategy API serves.
 *
 * @param port the HTTP port, bound on the listen address
 * @param mediaDir rendered media; the API serves files below it and nothing else
 * @param modelDir the model store (one directory per model version) the API loads champions from
 * @param ratePerSecond requests per second each API key may make on average
 * @param rateBurst requests a key may make at once before the rate applies
 * @param maxBodyBytes the largest request body accepted
 * @param corsOrigins browser origins allowed to call the API from other pages; empty = CORS off
 * @param renderJobsPerHourPerKey render jobs an API key may create in any hour (its briefs' jobs,
 *     counted in the jobs table); a brief over it answers 429
 * @param authFailuresMaxAddresses client addresses the failed-key limiter tracks at most (the least
 *     recently seen are dropped), so its memory stays bounded
 * @param trendBoost the chance, at most {@value #MAX_TREND_BOOST}, that an exploring recommendation
 *     takes one value that is trending on its platform (from the trend job's {@code
 *     stream_trends}); 0 turns the boost off
 * @param trendLookBack how far back from the newest trend recorded a trend still steers
 *     recommendations ({@code api.trend.lookback}, whole minutes)
 */
public record ApiSettings(
        int port,
        Path mediaDir,
        Path modelDir,
        double ratePerSecond,
        int rateBurst,
        int maxBodyBytes,
        List<String> corsOrigins,
        int renderJobsPerHourPerKey,
        int authFailuresMaxAddresses,
        double trendBoost,
        java.time.Duration trendLookBack) {

    /** Exploration stays mostly the model's own: trends steer at most half of it. */
    public static final double MAX_TREND_BOOST = 0.5;

    public ApiSettings {
        if (!(trendBoost >= 0 && trendBoost <= MAX_TREND_BOOST)) {
            throw new ConfigException(
                    "api.trend.boost must be between 0 and "
                            + MAX_TREND_BOOST
                            + ", not "
                            + trendBoost);
        }
        if (trendLookBack.toSeconds() % 60 != 0 || trendLookBack.toMillis() % 1000 != 0) {
            throw new ConfigException(
                    "api.trend.lookback must be whole minutes (e.g. 30m), not "
                            + ConfigLoader.formatDuration(trendLookBack));
        }
        if (ratePerSecond <= 0) {
            throw new ConfigException("api.rate.per.second must be positive");
        }
        corsOrigins = List.copyOf(corsOrigins);
    }
}
