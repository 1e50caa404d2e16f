package io.flywheel.publishers.service;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.schemas.Platform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's Prometheus meters: uploads by platform and how long they took, failures by
 * reason, deferrals, videos waiting, and each platform's quota used and left today (read at scrape
 * time from the adapter: the sandbox's counters or YouTube's ledger in PostgreSQL).
 */
public final class PublisherMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherMetrics.class);

    /** Why a video was not published: bounded values only. */
    enum Failure {
        NO_JOB,
        OUTSIDE_MEDIA,
        REFUSED,
        SIMULATED_HISTORY
    }

    private final MeterRegistry registry;
    private final String adapter;

    public PublisherMetrics(MeterRegistry registry, PlatformAdapter platform, LongSupplier now) {
        this.registry = registry;
        this.adapter = platform.name();
        for (Platform p : Platform.values()) {
            if (p == Platform.UNKNOWN || platform.limits(p) == null) {
                continue;
            }
            Gauge.builder("flywheel.publisher.quota.used", () -> quota(platform, p, now, false))
                    .description(
                            "today's quota used, in the adapter's units (uploads or API units)")
                    .tag("platform", p.name())
                    .tag("adapter", adapter)
                    .register(registry);
            Gauge.builder("flywheel.publisher.quota.left", () -> quota(platform, p, now, true))
                    .description("today's quota left, in the adapter's units")
                    .tag("platform", p.name())
                    .tag("adapter", adapter)
                    .register(registry);
            // Known series start at zero, so rates work before the first upload.
            uploads(p);
            uploadTimer(p);
            deferrals(p);
        }
        for (Failure f : Failure.values()) {
            failures(f);
        }
    }

    /** Meters that go nowhere, for services built without a process. */
    public static PublisherMetrics unexported(PlatformAdapter platform) {
        return new PublisherMetrics(new SimpleMeterRegistry(), platform, () -> 0L);
    }

    void bindWaiting(PublishService service) {
        Gauge.builder("flywheel.publisher.waiting", service, PublishService::waiting)
                .description("videos waiting for their posting time or the next quota day")
                .register(registry);
    }

    void uploaded(Platform platform, Duration took) {
        uploads(platform).increment();
        uploadTimer(platform).record(took);
    }

    void deferred(Platform platform) {
        deferrals(platform).increment();
    }

    void failed(Failure reason) {
        failures(reason).increment();
    }

    private Counter uploads(Platform platform) {
        return Counter.builder("flywheel.publisher.uploads")
                .description("videos uploaded (a repeated upload of the same video counts once)")
                .tag("platform", platform.name())
                .tag("adapter", adapter)
                .register(registry);
    }

    private Timer uploadTimer(Platform platform) {
        return Timer.builder("flywheel.publisher.upload")
                .description("how long each successful upload took")
                .tag("platform", platform.name())
                .tag("adapter", adapter)
                .register(registry);
    }

    private Counter deferrals(Platform platform) {
        return Counter.builder("flywheel.publisher.deferred")
                .description("uploads deferred to the next quota day")
                .tag("platform", platform.name())
                .tag("adapter", adapter)
                .register(registry);
    }

    private Counter failures(Failure reason) {
        return Counter.builder("flywheel.publisher.failures")
                .description("videos not published, by reason")
                .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .tag("adapter", adapter)
                .register(registry);
    }

    private static double quota(
            PlatformAdapter platform, Platform p, LongSupplier now, boolean left) {
        try {
            Optional<PlatformAdapter.Quota> q = platform.quota(p, now.getAsLong());
            return q.map(x -> (double) (left ? x.left() : x.used())).orElse(Double.NaN);
        } catch (RuntimeException e) {
            LOG.warn("quota of {} unknown: {}", p, e.toString());
            return Double.NaN;
        }
    }
}
