package io.flywheel.render.worker;

import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A render worker's Prometheus meters: each stage's latency (a histogram, for p95 by stage) and
 * outcome, failures by stage and by reason (the stage's error class), cost, jobs in flight and
 * their outcomes, and each slot's consumer lag. Labels are bounded: stages, error classes,
 * outcomes.
 */
public final class RenderMetrics implements RenderEvents {
    static final String STAGE = "flywheel.render.stage";
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, LongSupplier> lagBySlot = new ConcurrentHashMap<>();

    /**
     * @param dailyBudgetMicroUsd the generation budget per UTC day, exported next to the cost
     */
    public RenderMetrics(MeterRegistry registry, long dailyBudgetMicroUsd) {
        this.registry = registry;
        Gauge.builder("flywheel.render.jobs.in.flight", inFlight, AtomicInteger::get)
                .description("content jobs this worker is rendering now")
                .register(registry);
        Gauge.builder("flywheel.render.budget.daily.usd", () -> dailyBudgetMicroUsd / 1e6)
                .description("the generation cost budget per UTC day (streaming.budget.daily)")
                .register(registry);
        // Known series start at zero, so rates and dashboards work before the first event.
        for (Stage stage : Stage.values()) {
            stageTimer(stage, "completed");
            stageTimer(stage, "failed");
            stageFailures(stage);
            costCounter(stage);
        }
        for (String reason : KNOWN_REASONS) {
            failures(reason);
        }
        for (String outcome : OUTCOMES) {
            jobs(outcome);
        }
    }

    /** The error classes the pipeline's own stages and the worker give. */
    static final List<String> KNOWN_REASONS =
            List.of(
                    "timeout",
                    "io_error",
                    "bad_response",
                    "bad_image",
                    "invalid_input",
                    "circuit_open",
                    "interrupted",
                    "job_timeout");

    static final List<String> OUTCOMES =
            List.of("rendered", "failed", "timed_out", "held", "redelivered");

    /** Meters that go nowhere, for tests that build workers without a process. */
    static RenderMetrics unexported() {
        return new RenderMetrics(new SimpleMeterRegistry(), 0);
    }

    @Override
    public void started(Stage stage, String provider, int attempt) {}

    @Override
    public void completed(Stage stage, String provider, int attempt, long latencyMs, long cost) {
        stageTimer(stage, "completed").record(latencyMs, TimeUnit.MILLISECONDS);
        costCounter(stage).increment(cost / 1e6);
    }

    @Override
    public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
        stageTimer(stage, "failed").record(failure.latencyMs(), TimeUnit.MILLISECONDS);
        stageFailures(stage).increment();
        String errorClass = failure.errorClass();
        failures(errorClass == null || errorClass.isBlank() ? "unknown" : errorClass).increment();
        costCounter(stage).increment(failure.costMicroUsd() / 1e6);
    }

    @Override
    public void resumed(Stage stage) {
        Counter.builder("flywheel.render.stage.resumed")
                .description("stages whose output was already there from an earlier delivery")
                .tag("stage", stage.name())
                .register(registry)
                .increment();
    }

    @Override
    public void fellBack(Stage stage, String provider, String reason) {
        Counter.builder("flywheel.render.provider.fallbacks")
                .description("assets a provider could not make, made by the next provider instead")
                .tag("stage", stage.name())
                .tag("provider", provider)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A job starts rendering on a slot. */
    void jobStarted() {
        inFlight.incrementAndGet();
    }

    /**
     * A job ended: {@code rendered}, {@code failed}, {@code timed_out}, {@code held} or {@code
     * redelivered}.
     */
    void jobEnded(String outcome) {
        inFlight.decrementAndGet();
        jobs(outcome).increment();
    }

    private Counter jobs(String outcome) {
        return Counter.builder("flywheel.render.jobs")
                .description("content jobs by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter stageFailures(Stage stage) {
        return Counter.builder("flywheel.render.stage.failures")
                .description("failed stage attempts by stage")
                .tag("stage", stage.name())
                .register(registry);
    }

    private Counter failures(String reason) {
        return Counter.builder("flywheel.render.failures")
                .description("failed stage attempts by reason (the stage's error class)")
                .tag("reason", reason)
                .register(registry);
    }

    /** The slot's current consumer: its lag is read from the client's own fetch metrics. */
    void consumerOf(int slot, LongSupplier lag) {
        if (lagBySlot.put(slot, lag) == null) {
            Gauge.builder("flywheel.render.consumer.lag", () -> lagBySlot.get(slot).getAsLong())
                    .description(
                            "records of flywheel.content.requests behind the end on this slot's"
                                    + " partitions")
                    .tag("slot", Integer.toString(slot))
                    .register(registry);
        }
    }

    /** The summed {@code records-lag} of a consumer's assigned partitions (0 before any fetch). */
    static long lag(Map<MetricName, ? extends Metric> metrics) {
        long sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("records-lag")
                    && n.group().equals("consumer-fetch-manager-metrics")
                    && n.tags().containsKey("partition")
                    && e.getValue().metricValue() instanceof Number v
                    && !Double.isNaN(v.doubleValue())) {
                sum += v.longValue();
            }
        }
        return sum;
    }

    private Timer stageTimer(Stage stage, String outcome) {
        return Timer.builder(STAGE)
                .description("latency of each stage attempt")
                .tag("stage", stage.name())
                .tag("outcome", outcome)
                .serviceLevelObjectives(STAGE_BUCKETS)
                .register(registry);
    }

    private Counter costCounter(Stage stage) {
        return Counter.builder("flywheel.render.cost.usd")
                .description("generation cost by stage, in dollars")
                .tag("stage", stage.name())
                .register(registry);
    }

    /** Stage latencies run from milliseconds (script) to minutes (a full-resolution assembly). */
    private static final Duration[] STAGE_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10)
    };
}
