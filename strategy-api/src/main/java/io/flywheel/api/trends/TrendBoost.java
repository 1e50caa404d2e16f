package io.flywheel.api.trends;

import io.flywheel.api.scoring.ExpiringReads;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.PickRoutes;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Steers exploration toward what is trending in our own stream: an exploring pick takes, with
 * probability {@code boost} (at most {@link io.flywheel.config.ApiSettings#MAX_TREND_BOOST}), one
 * trending value of its platform: a chosen parameter's trending value it does not have yet, or a
 * trending arm of its own segment, uniformly among those. Exploiting picks are never changed.
 *
 * <p>The selection probability of every pick becomes that of the boosted policy: the sum over every
 * route that ends in the pick's arm ({@link PickRoutes}). The policy's exploiting route keeps its
 * probability; an exploration draw of arm {@code A} with {@code n} candidates stays {@code A} with
 * {@code (1 − boost) · q(A)} and becomes each candidate with {@code boost · q(A) / n} (with no
 * candidates it stays with {@code q(A)}). An arm can so be reached both as it was drawn and from
 * other draws that take one of its values. A rewritten pick has no model prediction (null).
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
     * Over the trend store (keys trending within {@code lookBack} of the newest trend recorded,
     * {@code api.trend.lookback}; read at most every {@link #TRENDS_READ_EVERY} per platform: the
     * query cost more than the rest of a recommendation), counting the picks it changes in {@code
     * flywheel_recommendations_trend_boosted_total}.
     */
    public static TrendBoost of(
            double boost, Duration lookBack, TrendStore store, MeterRegistry metrics) {
        if (boost == 0) {
            return OFF;
        }
        int minutes = Math.toIntExact(lookBack.toMinutes());
        ExpiringReads<String, List<TrendStore.Trend>> recent =
                new ExpiringReads<>(
                        platform -> store.recent(java.util.Optional.of(platform), minutes, 200),
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

    /**
     * The picks with the boost applied, each with its probability under the boosted policy; the
     * same picks when nothing trends or the boost is 0.
     *
     * @param routes for each pick, every route by which the policy could have reached its arm
     */
    public List<Pick> apply(
            String platform, List<Pick> picks, List<PickRoutes> routes, SplittableRandom rng) {
        return apply(platform, picks, () -> routes, rng);
    }

    /**
     * As {@link #apply(String, List, List, SplittableRandom)}, with the routes computed only when
     * something trends (they cost more than the rest of a recommendation).
     */
    public List<Pick> apply(
            String platform,
            List<Pick> picks,
            java.util.function.Supplier<List<PickRoutes>> routesOf,
            SplittableRandom rng) {
        if (boost == 0 || picks.isEmpty()) {
            return picks;
        }
        List<TrendStore.Trend> trends = trendsOf.apply(platform);
        if (trends.isEmpty()) {
            return picks;
        }
        List<PickRoutes> routes = routesOf.get();
        Map<Arm, List<Arm>> candidatesOf = new HashMap<>();
        Function<Arm, List<Arm>> candidates =
                a -> candidatesOf.computeIfAbsent(a, x -> candidates(x, trends));
        Map<PickRoutes, Map<Arm, Double>> odds = new IdentityHashMap<>();
        List<Pick> out = new ArrayList<>(picks.size());
        for (int i = 0; i < picks.size(); i++) {
            Pick p = picks.get(i);
            Map<Arm, Double> policy =
                    odds.computeIfAbsent(routes.get(i), r -> boosted(r, candidates));
            Pick made = p;
            if (p.exploration()) {
                List<Arm> of = candidates.apply(p.arm());
                if (!of.isEmpty() && rng.nextDouble() < boost) {
                    Arm a = of.get(rng.nextInt(of.size()));
                    if (boosted != null) {
                        boosted.increment();
                    }
                    made = new Pick(a, null, null, p.modelVersion(), true, 0);
                }
            }
            Double probability = policy.get(made.arm());
            if (probability == null) {
                throw new IllegalStateException(
                        "no route of the policy reaches " + made.arm().armKey());
            }
            out.add(
                    new Pick(
                            made.arm(),
                            made.predictedObjective(),
                            made.spread(),
                            made.modelVersion(),
                            made.exploration(),
                            Math.min(1.0, probability)));
        }
        return out;
    }

    /** The probability of each arm under the boosted policy: the sum over its routes. */
    Map<Arm, Double> boosted(PickRoutes routes, List<TrendStore.Trend> trends) {
        return boosted(routes, a -> candidates(a, trends));
    }

    private Map<Arm, Double> boosted(PickRoutes routes, Function<Arm, List<Arm>> candidatesOf) {
        Map<Arm, Double> out = new HashMap<>();
        if (routes.best() != null && routes.exploit() > 0) {
            out.merge(routes.best(), routes.exploit(), Double::sum);
        }
        routes.explore()
                .forEach(
                        (drawn, q) -> {
                            List<Arm> candidates = candidatesOf.apply(drawn);
                            if (candidates.isEmpty()) {
                                out.merge(drawn, q, Double::sum);
                                return;
                            }
                            out.merge(drawn, q * (1 - boost), Double::sum);
                            for (Arm a : candidates) {
                                out.merge(a, q * boost / candidates.size(), Double::sum);
                            }
                        });
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
