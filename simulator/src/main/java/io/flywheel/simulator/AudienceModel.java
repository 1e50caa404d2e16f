package io.flywheel.simulator;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.Envelopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the audience of one video does, period by period until the world's horizon. Each video draws
 * a quality multiplier from a gamma distribution (over-dispersion: view counts are
 * negative-binomial), then views arrive as a Poisson process whose rate decays with the world's
 * half-life; engaged views, likes, shares and the rest are thinned from the views. Everything is
 * drawn from one generator seeded by the world seed and the video id, so a video's audience is the
 * same whatever else is simulated around it.
 */
public final class AudienceModel {
    private static final String PRODUCER = Envelopes.producerName("audience-simulator");
    private final World world;
    private final long seed;
    private final long periodMs;

    public AudienceModel(World world, long seed, long periodMs) {
        if (periodMs <= 0) {
            throw new IllegalArgumentException("period must be positive");
        }
        this.world = world;
        this.seed = seed;
        this.periodMs = periodMs;
    }

    public World world() {
        return world;
    }

    /** Every increment of a video published at {@code publishedAt} (simulated epoch ms). */
    public List<EngagementReport> reports(
            String videoId,
            String platformVideoId,
            String traceId,
            ContentParameters p,
            long publishedAt) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, UUID.fromString(videoId)));
        double quality = Sampling.gammaMeanOne(rnd, world.dispersion());
        double viewsMean = world.expectedViews(p) * quality;
        double engaged = world.engagedRate(p);
        double viewPct = Math.min(100, 100 * (0.2 + 0.7 * engaged));
        long horizonMs = (long) (world.horizonHours() * 3_600_000);
        double halfLifeMs = world.decayHalfLifeHours() * 3_600_000;
        double norm = 1 - Math.pow(2, -horizonMs / halfLifeMs);
        long lagMs = (long) (world.reportingLagMinutes() * 60_000);
        Set<String> missing = world.unreported().getOrDefault(p.getPlatform(), Set.of());
        World.Rates r = world.rates();
        Double rpmUsd = missing.contains("estimatedRevenue") ? null : world.segment(p).rpmUsd();

        List<EngagementReport> out = new ArrayList<>();
        for (long start = 0; start < horizonMs; start += periodMs) {
            long end = Math.min(start + periodMs, horizonMs);
            double share =
                    (Math.pow(2, -start / halfLifeMs) - Math.pow(2, -end / halfLifeMs)) / norm;
            long eng = Sampling.poisson(rnd, viewsMean * share * engaged);
            long other = Sampling.poisson(rnd, viewsMean * share * (1 - engaged));
            long views = eng + other;
            double pct = views == 0 ? 0 : Math.max(1, viewPct * (0.9 + 0.2 * rnd.nextDouble()));
            double avgDuration = p.getTargetDurationS() * pct / 100;
            long impressions = Sampling.poisson(rnd, views * r.impressionsPerView());
            EngagementObserved e =
                    EngagementObserved.newBuilder()
                            .setEnvelope(
                                    envelope(
                                            videoId,
                                            traceId,
                                            publishedAt + start,
                                            publishedAt + end))
                            .setVideoId(videoId)
                            .setPlatform(p.getPlatform())
                            .setPlatformVideoId(platformVideoId)
                            .setPeriodStart(publishedAt + start)
                            .setPeriodEnd(publishedAt + end)
                            .setViews(views)
                            .setEngagedViews(eng)
                            .setEstimatedMinutesWatched(
                                    report(
                                            missing,
                                            "estimatedMinutesWatched",
                                            views * avgDuration / 60))
                            .setAverageViewDuration(
                                    report(missing, "averageViewDuration", avgDuration))
                            .setAverageViewPercentage(report(missing, "averageViewPercentage", pct))
                            .setLikes(
                                    report(
                                            missing,
                                            "likes",
                                            Sampling.binomial(rnd, views, r.like())))
                            .setComments(
                                    report(
                                            missing,
                                            "comments",
                                            Sampling.binomial(rnd, views, r.comment())))
                            .setShares(
                                    report(
                                            missing,
                                            "shares",
                                            Sampling.binomial(rnd, views, r.share())))
                            .setSaved(
                                    report(
                                            missing,
                                            "saved",
                                            Sampling.binomial(rnd, views, r.saved())))
                            .setSubscribersGained(
                                    report(
                                            missing,
                                            "subscribersGained",
                                            Sampling.binomial(rnd, views, r.subscribersGained())))
                            .setSubscribersLost(
                                    report(
                                            missing,
                                            "subscribersLost",
                                            Sampling.binomial(rnd, views, r.subscribersLost())))
                            .setImpressions(report(missing, "impressions", impressions))
                            .setReach(
                                    report(
                                            missing,
                                            "reach",
                                            Sampling.binomial(
                                                    rnd, impressions, r.reachPerImpression())))
                            // Views x RPM / 1000, in millionths of a dollar: no draw, so the
                            // other metrics are the same as without revenue.
                            .setEstimatedRevenueMicroUsd(
                                    rpmUsd == null ? null : Math.round(views * rpmUsd * 1_000))
                            .build();
            out.add(new EngagementReport(publishedAt + end + lagMs, e));
        }
        return out;
    }

    /**
     * The event id is derived from the seed, the video and the period, so a simulator that restarts
     * and reports a period again sends the same id, and consumers drop the duplicate.
     */
    private Envelope envelope(String videoId, String traceId, long periodStart, long periodEnd) {
        String name = seed + ":" + videoId + ":" + periodStart;
        return Envelope.newBuilder()
                .setEventId(
                        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .setEventType(EngagementObserved.class.getSimpleName())
                .setEventTime(periodEnd)
                .setProducer(PRODUCER)
                .setTraceId(traceId)
                .build();
    }

    /** The value, or null where this platform does not report the metric (not zero). */
    private static Long report(Set<String> missing, String metric, long value) {
        return missing.contains(metric) ? null : value;
    }

    private static Double report(Set<String> missing, String metric, double value) {
        return missing.contains(metric) ? null : value;
    }

    static long mix(long seed, UUID id) {
        long z =
                seed
                        ^ id.getMostSignificantBits()
                        ^ Long.rotateLeft(id.getLeastSignificantBits(), 29);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
