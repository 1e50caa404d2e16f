package io.flywheel.simulator;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulated audience: what each arm earns in expectation, and how noisy, slow and late the
 * platform is about reporting it. Loaded from a world file ({@link WorldFile}, format in
 * docs/worlds.md). Effects are additive on the log scale of views (so they multiply) and on the
 * logit of the engaged-view rate.
 *
 * <p>The true expectations ({@link #expectedViews}, {@link #expectedObjective}) are for evaluation
 * only: nothing in the learning path may read them.
 */
public record World(
        String name,
        String description,
        double horizonHours,
        Map<String, SegmentBase> segments,
        Map<String, Map<String, Double>> viewEffects,
        Map<String, Map<String, Double>> engagedEffects,
        List<Interaction> interactions,
        Map<Platform, PostingHourCurve> postingHours,
        Rates rates,
        double dispersion,
        double decayHalfLifeHours,
        double reportingLagMinutes,
        Map<Platform, Set<String>> unreported) {

    /**
     * Expected views at the horizon and the engaged share of them, for one platform/niche, and the
     * revenue per thousand views in US dollars (RPM; null: the platform reports no revenue there).
     */
    public record SegmentBase(double views, double engagedRate, Double rpmUsd) {
        public SegmentBase(double views, double engagedRate) {
            this(views, engagedRate, null);
        }
    }

    /** An extra effect when every listed parameter has the listed value. */
    public record Interaction(Map<String, String> when, double viewEffect, double engagedEffect) {
        boolean matches(ContentParameters p) {
            return when.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(Parameters.value(p, e.getKey())));
        }
    }

    /** A bump around the peak hour: log-multiplier amplitude × (gaussian(distance) − ½). */
    public record PostingHourCurve(double peakHour, double widthHours, double amplitude) {
        double logMultiplier(int hour) {
            double d = Math.abs(hour - peakHour) % 24;
            d = Math.min(d, 24 - d);
            return amplitude * (Math.exp(-d * d / (2 * widthHours * widthHours)) - 0.5);
        }
    }

    /** Per-view rates of the other metrics. */
    public record Rates(
            double like,
            double comment,
            double share,
            double saved,
            double subscribersGained,
            double subscribersLost,
            double impressionsPerView,
            double reachPerImpression) {}

    /**
     * This world with another gamma shape of the per-video quality multiplier: the same expected
     * outcomes, more (smaller shape) or less noise. bench/learning's {@code --dispersion-scale}
     * asks how noisy a world can be for a policy to still find its best arms.
     */
    public World withDispersion(double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException(
                    "dispersion must be a positive number, not " + shape);
        }
        return new World(
                name,
                description,
                horizonHours,
                segments,
                viewEffects,
                engagedEffects,
                interactions,
                postingHours,
                rates,
                shape,
                decayHalfLifeHours,
                reportingLagMinutes,
                unreported);
    }

    public SegmentBase segment(ContentParameters p) {
        SegmentBase b = segments.get(Parameters.segment(p));
        if (b == null) {
            throw new IllegalArgumentException(
                    "world "
                            + name
                            + " has no segment "
                            + Parameters.segment(p)
                            + "; it has "
                            + segments.keySet());
        }
        return b;
    }

    /** Log of the multiplier the arm's parameters put on the segment's views. */
    double viewLogEffect(ContentParameters p) {
        double sum = sumEffects(viewEffects, p);
        for (Interaction i : interactions) {
            if (i.matches(p)) {
                sum += i.viewEffect();
            }
        }
        PostingHourCurve curve = postingHours.get(p.getPlatform());
        if (curve != null) {
            sum += curve.logMultiplier(p.getPostingHour());
        }
        return sum;
    }

    /** The expected views of an arm at the horizon. */
    public double expectedViews(ContentParameters p) {
        return segment(p).views() * Math.exp(viewLogEffect(p));
    }

    /** The probability that a view of this arm is an engaged view. */
    public double engagedRate(ContentParameters p) {
        double logit = logit(segment(p).engagedRate()) + sumEffects(engagedEffects, p);
        for (Interaction i : interactions) {
            if (i.matches(p)) {
                logit += i.engagedEffect();
            }
        }
        return 1 / (1 + Math.exp(-logit));
    }

    /** The objective's true expectation: engaged views at the horizon. */
    public double expectedObjective(ContentParameters p) {
        return expectedViews(p) * engagedRate(p);
    }

    private static double sumEffects(
            Map<String, Map<String, Double>> effects, ContentParameters p) {
        double sum = 0;
        for (Map.Entry<String, Map<String, Double>> e : effects.entrySet()) {
            sum += e.getValue().getOrDefault(Parameters.value(p, e.getKey()), 0.0);
        }
        return sum;
    }

    static double logit(double q) {
        return Math.log(q / (1 - q));
    }
}
