package io.flywheel.api.insights;

import io.flywheel.api.scoring.Pick;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the learning loop is doing, for the Learning dashboard: model versions by registry status,
 * the champion's version and validation RMSE next to the mean baseline's on the same rows (their
 * ratio is the model's lift), the latest challenger's RMSE, and how many videos of the briefs
 * explored. The registry is read at most every 15 s, at scrape time; before any model is trained
 * the champion's gauges are NaN.
 */
public final class LearningMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(LearningMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(15);
    private static final List<String> STATUSES = List.of("champion", "retired", "rejected");

    /** One read of the registry. */
    record Snapshot(
            Map<String, Long> versions,
            double championVersion,
            double championRmse,
            double baselineRmse,
            double latestRmse) {
        static final Snapshot UNKNOWN =
                new Snapshot(Map.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final Jdbi jdbi;
    private final Counter explored;
    private final Counter exploited;
    private volatile Snapshot last = Snapshot.UNKNOWN;
    private volatile long readAt = Long.MIN_VALUE;

    public LearningMetrics(MeterRegistry registry, Jdbi jdbi) {
        this.jdbi = jdbi;
        for (String status : STATUSES) {
            gauge(registry, "flywheel.model.versions", s -> s.versions().getOrDefault(status, 0L))
                    .description("model versions in the registry by status")
                    .tag("status", status)
                    .register(registry);
        }
        gauge(registry, "flywheel.model.champion.version", Snapshot::championVersion)
                .description("the champion's version number")
                .register(registry);
        gauge(registry, "flywheel.model.champion.rmse", Snapshot::championRmse)
                .description("the champion's validation RMSE")
                .register(registry);
        gauge(registry, "flywheel.model.champion.baseline.rmse", Snapshot::baselineRmse)
                .description("the mean baseline's RMSE on the champion's validation rows")
                .register(registry);
        gauge(registry, "flywheel.model.latest.rmse", Snapshot::latestRmse)
                .description("the validation RMSE of the newest version (champion or not)")
                .register(registry);
        explored = picks(registry, true);
        exploited = picks(registry, false);
    }

    /** The videos of a new brief, counted by whether each was an exploration draw. */
    public void briefCreated(List<Pick> picks) {
        for (Pick p : picks) {
            (p.exploration() ? explored : exploited).increment();
        }
    }

    private static Counter picks(MeterRegistry registry, boolean exploration) {
        return Counter.builder("flywheel.api.brief.videos")
                .description("videos requested by briefs, by whether the policy explored")
                .tag("exploration", Boolean.toString(exploration))
                .register(registry);
    }

    private Gauge.Builder<LearningMetrics> gauge(
            MeterRegistry registry, String name, ToDoubleFunction<Snapshot> f) {
        return Gauge.builder(name, this, m -> f.applyAsDouble(m.snapshot()));
    }

    private Snapshot snapshot() {
        long now = System.nanoTime();
        if (readAt != Long.MIN_VALUE && now - readAt < FRESH.toNanos()) {
            return last;
        }
        try {
            last = read();
        } catch (RuntimeException e) {
            LOG.debug("model registry not readable for the metrics: {}", e.toString());
            last = Snapshot.UNKNOWN;
        }
        readAt = now;
        return last;
    }

    private Snapshot read() {
        return jdbi.withHandle(
                h -> {
                    Map<String, Long> versions = new HashMap<>();
                    h.createQuery(
                                    "SELECT status, count(*) AS n FROM model_registry GROUP BY status")
                            .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                            .forEach(e -> versions.put(e.getKey(), e.getValue()));
                    double[] champion =
                            h.createQuery(
                                            "SELECT version, (metrics->>'rmse')::float8 AS rmse,"
                                                    + " (baseline_metrics->>'rmse')::float8 AS"
                                                    + " baseline FROM model_registry WHERE status"
                                                    + " = 'champion' ORDER BY promoted_at DESC"
                                                    + " NULLS LAST LIMIT 1")
                                    .map(
                                            (rs, ctx) ->
                                                    new double[] {
                                                        rs.getInt("version"),
                                                        rs.getDouble("rmse"),
                                                        rs.getDouble("baseline")
                                                    })
                                    .findOne()
                                    .orElse(new double[] {Double.NaN, Double.NaN, Double.NaN});
                    double latest =
                            h.createQuery(
                                            "SELECT (metrics->>'rmse')::float8 FROM model_registry"
                                                    + " ORDER BY created_at DESC LIMIT 1")
                                    .mapTo(Double.class)
                                    .findOne()
                                    .orElse(Double.NaN);
                    return new Snapshot(versions, champion[0], champion[1], champion[2], latest);
                });
    }
}
