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
        int authFailuresMaxAddresses) {

    public ApiSettings {
        if (ratePerSecond <= 0) {
            throw new ConfigException("api.rate.per.second must be positive");
        }
        corsOrigins = List.copyOf(corsOrigins);
    }
}
