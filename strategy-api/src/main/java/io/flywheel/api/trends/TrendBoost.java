package io.flywheel.api.trends;

import io.flywheel.api.scoring.ExpiringReads;
import io.flywheel.api.scoring.Pick;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Steers exploration toward what is trending in our own stream: an exploring pick takes, with
 * probability {@code boost} (at most {@link io.flywheel.config.ApiSettings#MAX_TREND_BOOST}), one
 * trending value of its platform: a chosen parameter's trending value it does not have yet, or a
 * trending arm of its own segment, uniformly among those. Exploiting picks are never changed.
 *
 * <p>The selection probability becomes that of the path that made the pick: {@code (1 − boost) · P}
 * for an exploring pick left as it was (when it had trending values to take), {@code boost · P / n}
 * for one that took one of its {@code n} candidates, with {@code P} the policy's probability of the
 * pick it started from. A rewritten pick has no model prediction (null).
 */
public final class TrendBoost {
    /** No boost: the policy's picks as they are. */
    public static final TrendBoost OFF = new TrendBoost(0, p -> List.of());

    /** How stale the trends may be: the trend job's windows are minutes long. */
    static final java.time.Duration TRENDS_READ_EVERY = java.time.Duration.ofSeconds(5);

    private final double boost;
    private final Function<String, List<TrendStore.Trend>> trendsOf;
    private Counter boosted;

    /**
     * @param boost the chance that an exploring pick takes a trending value
     * @param trendsOf a platform's trends now
     */
    public TrendBoost(double boost, Function<String, List<TrendStore.Trend>> trendsOf) {
        if (!(boost >= 0 && boost <= io.flywheel.config.ApiSettings.MAX_TREND_BOOST)) {
            throw new IllegalArgumentException("trend boost must be in [0, 0.5], not " + boost);
        }
        this.boost = boost;
        this.trendsOf = trendsOf;
    }

    /**
     * Over the trend store (keys trending within the last 30 minutes of the stream, read at most
     * every {@link #TRENDS_READ_EVERY} per platform: the query cost more than the rest of a
     * recommendation), counting the picks it changes in {@code
     * flywheel_recommendations_trend_boosted_total}.
     */
    public static TrendBoost of(double boost, TrendStore store, MeterRegistry metrics) {
        if (boost == 0) {
            return OFF;
        }
        ExpiringReads<String, List<TrendStore.Trend>> recent =
                new ExpiringReads<>(
                        platform -> store.recent(java.util.Optional.of(platform), 30, 200),
                        TRENDS_READ_EVERY,
                        java.time.Clock.systemUTC());
        TrendBoost b = new TrendBoost(boost, recent::get);
        b.boosted =
                Counter.builder("flywheel_recommendations_trend_boosted")
                        .description("exploring recommendations that took a trending value")
                        .register(metrics);
        return b;
    }

    public double boost() {
        return boost;
    }

    /** The picks with the boost applied; the same picks when nothing trends or the boost is 0. */
    public List<Pick> apply(String platform, List<Pick> picks, SplittableRandom rng) {
        if (boost == 0 || picks.stream().noneMatch(Pick::exploration)) {
            return picks;
        }
        List<TrendStore.Trend> trends = trendsOf.apply(platform);
        if (trends.isEmpty()) {
            return picks;
        }
        List<Pick> out = new ArrayList<>(picks.size());
        for (Pick p : picks) {
            if (!p.exploration()) {
                out.add(p);
                continue;
            }
            List<Arm> candidates = candidates(p.arm(), trends);
            if (candidates.isEmpty()) {
                out.add(p);
            } else if (rng.nextDouble() < boost) {
                Arm a = candidates.get(rng.nextInt(candidates.size()));
                if (boosted != null) {
                    boosted.increment();
                }
                out.add(
                        new Pick(
                                a,
                                null,
                                null,
                                p.modelVersion(),
                                true,
                                p.selectionProbability() * boost / candidates.size()));
            } else {
                out.add(
                        new Pick(
                                p.arm(),
                                p.predictedObjective(),
                                p.spread(),
                                p.modelVersion(),
                                true,
                                p.selectionProbability() * (1 - boost)));
            }
        }
        return out;
    }

    /** The arms a pick may become: one trending value set, or a trending arm of its segment. */
    static List<Arm> candidates(Arm pick, List<TrendStore.Trend> trends) {
        List<Arm> out = new ArrayList<>();
        for (TrendStore.Trend t : trends) {
            if (t.dimension().equals("arm")) {
                if (t.armKey() != null) {
                    Arm a = Arm.ofKey(t.armKey());
                    if (a.segment().equals(pick.segment()) && !a.equals(pick) && !out.contains(a)) {
                        out.add(a);
                    }
                }
                continue;
            }
            for (Parameter p : ParameterTable.chosen()) {
                if (p.name().equals(t.dimension())
                        && p.values().contains(t.value())
                        && !p.text(pick).equals(t.value())) {
                    Arm a = pick.with(p, t.value());
                    if (!out.contains(a)) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }
}
