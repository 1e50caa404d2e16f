package io.flywheel.api.webhooks;

import io.flywheel.config.WebhookSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: a signed POST each, 2xx is delivered, anything else (an error status, no
 * answer, a timeout) is retried after {@code initial × 2^(n-1)} (capped) until the attempts are
 * used up, then the delivery is failed (a replay sends it again). Its state is all in PostgreSQL,
 * so a restart loses nothing: a delivery claimed by a dispatcher that died is due again after its
 * lease. It wakes when new deliveries are queued or replayed, else every {@code webhooks.poll.ms}.
 *
 * <p>Metrics: {@code flywheel_webhook_deliveries_total} (delivered), {@code
 * flywheel_webhook_failures_total{final}} (failed attempts; final=true when no retry follows),
 * {@code flywheel_webhook_retry_queue_depth} (pending deliveries).
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 16;

    private final WebhookStore store;
    private final WebhookSecrets secrets;
    private final WebhookSettings settings;
    private final HttpClient http;
    private final WebhookAddressGuard addresses;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService senders;
    private final Thread thread;
    private final Counter delivered;
    private final Counter failedRetried;
    private final Counter failedFinal;
    private final AtomicLong depth = new AtomicLong();
    private volatile boolean running = true;

    public WebhookDispatcher(
            WebhookStore store,
            WebhookSecrets secrets,
            WebhookSettings settings,
            MeterRegistry metrics,
            Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        this.addresses = new WebhookAddressGuard(settings.allowPrivateAddresses());
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(settings.timeoutS()))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.senders =
                Executors.newFixedThreadPool(
                        4,
                        r -> {
                            Thread t = new Thread(r, "webhook-sender");
                            t.setDaemon(true);
                            return t;
                        });
        this.delivered =
                Counter.builder("flywheel.webhook.deliveries")
                        .description("webhook deliveries answered with 2xx")
                        .register(metrics);
        this.failedRetried =
                Counter.builder("flywheel.webhook.failures")
                        .description("webhook attempts that failed")
                        .tag("final", "false")
                        .register(metrics);
        this.failedFinal =
                Counter.builder("flywheel.webhook.failures")
                        .description("webhook attempts that failed")
                        .tag("final", "true")
                        .register(metrics);
        // A dispatcher started again in the same process reports through the same gauge name.
        Gauge old = metrics.find("flywheel.webhook.retry.queue.depth").gauge();
        if (old != null) {
            metrics.remove(old);
        }
        Gauge.builder("flywheel.webhook.retry.queue.depth", depth, AtomicLong::get)
                .description("webhook deliveries pending (first attempt or retry)")
                .register(metrics);
        this.thread = new Thread(this::run, "webhook-dispatcher");
        this.thread.setDaemon(true);
    }

    public WebhookDispatcher start() {
        thread.start();
        return this;
    }

    /** Something was queued or replayed: look now instead of at the next poll. */
    public void wake() {
        wake.release();
    }

    /** The wait before attempt {@code n + 1} after {@code n} failed ones. */
    static long backoffMs(WebhookSettings s, int failedAttempts) {
        int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long wait = s.backoffInitialMs() << shift;
        return wait <= 0 ? s.backoffMaxMs() : Math.min(wait, s.backoffMaxMs());
    }

    private void run() {
        while (running) {
            try {
                int sent = dispatchDue();
                depth.set(store.pending());
                if (sent < BATCH) {
                    wake.tryAcquire(settings.pollMs(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook dispatch failed ({}); retrying", e.toString());
                try {
                    Thread.sleep(Math.min(settings.pollMs() * 5, 5000));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sends what is due now; returns how many were claimed. */
    int dispatchDue() throws InterruptedException {
        long lease = settings.timeoutS() * 1000L + 30_000;
        List<WebhookStore.Claimed> due = store.claimDue(BATCH, lease, clock.instant());
        List<Future<?>> sending = new ArrayList<>();
        for (WebhookStore.Claimed c : due) {
            sending.add(senders.submit(() -> send(c)));
        }
        for (Future<?> f : sending) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("a webhook send failed unexpectedly: {}", e.getCause().toString());
            }
        }
        return due.size();
    }

    private void send(WebhookStore.Claimed c) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            // Checked again at every attempt: the name may resolve elsewhere now (DNS rebinding).
            java.util.Optional<String> refused = addresses.refusal(URI.create(c.url()));
            if (refused.isPresent()) {
                throw new RefusedAddress(refused.get());
            }
            String secret = secrets.open(c.subscriptionId(), c.sealedSecret());
            HttpResponse<Void> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(c.url()))
                                    .timeout(Duration.ofSeconds(settings.timeoutS()))
                                    .header("Content-Type", "application/json")
                                    .header("User-Agent", "Flywheel-Webhooks/1")
                                    .header("Flywheel-Event-Id", c.eventId())
                                    .header("Flywheel-Event-Type", c.eventType())
                                    .header("Flywheel-Delivery-Id", Long.toString(c.id()))
                                    .header(
                                            WebhookSignature.HEADER,
                                            WebhookSignature.header(
                                                    secret, started.getEpochSecond(), c.body()))
                                    .POST(HttpRequest.BodyPublishers.ofString(c.body()))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            if (status < 200 || status >= 300) {
                error = "HTTP " + status;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RefusedAddress e) {
            error = "not sent: " + e.getMessage();
        } catch (Exception e) {
            error =
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        boolean ok = error == null;
        int failedSinceReplay = c.attempts() + 1 - c.attemptsBeforeReplay();
        Instant retryAt =
                ok || failedSinceReplay >= settings.maxAttempts()
                        ? null
                        : clock.instant().plusMillis(backoffMs(settings, failedSinceReplay));
        store.recordAttempt(c, started, ms, status, error, ok, retryAt);
        if (ok) {
            delivered.increment();
        } else if (retryAt != null) {
            failedRetried.increment();
            LOG.info(
                    "webhook delivery {} ({} {}) attempt {} failed: {}; retrying at {}",
                    c.id(),
                    c.eventType(),
                    c.eventId(),
                    c.attempts() + 1,
                    error,
                    retryAt);
        } else {
            failedFinal.increment();
            LOG.warn(
                    "webhook delivery {} ({} {}) failed after {} attempts: {}; replay it with"
                            + " POST /v1/webhooks/{}/deliveries/{}/replay",
                    c.id(),
                    c.eventType(),
                    c.eventId(),
                    failedSinceReplay,
                    error,
                    c.subscriptionId(),
                    c.id());
        }
    }

    /** A delivery's URL resolves to an address webhooks may not reach; nothing was sent. */
    private static final class RefusedAddress extends Exception {
        RefusedAddress(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Stops claiming and lets the sends in flight finish (bounded by the send timeout), so a stop
     * records every attempt it made; anything still pending is sent after the next start.
     */
    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(settings.timeoutS() * 1000L + 10_000);
            senders.shutdown();
            if (!senders.awaitTermination(settings.timeoutS() + 5L, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
    }
}
