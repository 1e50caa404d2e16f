package io.flywheel.cli.scheduler;

import io.flywheel.config.ConfigLoader;
import io.flywheel.store.SchedulerRunStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lock as a lease in a table ({@code scheduler_run_lease}), which survives a restart of
 * PostgreSQL where a session's advisory lock vanishes silently. A background thread renews it every
 * sixth of its time. The holder trusts it only until half its time has passed since the last
 * renewal it sent: then it stops its job, and the other half covers the kill, so the job is gone
 * before the lease expires in the table and another runner may take it (and a fencing token one
 * higher). Renewals measure time on this machine's monotonic clock from when they were sent, and
 * expiry is judged by PostgreSQL's clock alone, so clock differences between machines do not
 * matter.
 */
final class RunLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

    /** The lease's time when none is configured: a job survives an outage of up to half of it. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final SchedulerRunStore store;
    private final long token;
    private final Duration ttl;
    private final ScheduledExecutorService heartbeat;
    private volatile long trustedUntilNanos;
    private volatile boolean lost;
    private volatile boolean renewalFailing;

    private RunLease(SchedulerRunStore store, long token, Duration ttl, long sentNanos) {
        this.store = store;
        this.token = token;
        this.ttl = ttl;
        this.trustedUntilNanos = sentNanos + ttl.toNanos() / 2;
        this.heartbeat =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "run-lease-" + token);
                            t.setDaemon(true);
                            return t;
                        });
        long every = Math.max(50, ttl.toMillis() / 6);
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The lease for {@code runId}, if nobody holds an unexpired one.
     *
     * @throws RuntimeException when PostgreSQL cannot be asked
     */
    static Optional<RunLease> tryAcquire(
            SchedulerRunStore store, UUID runId, String holder, Duration ttl) {
        long sent = System.nanoTime();
        return store.acquireLease(runId, holder, ttl)
                .map(
                        token -> {
                            LOG.info("holding the run lease (token {}) for {}", token, runId);
                            return new RunLease(store, token, ttl, sent);
                        });
    }

    long token() {
        return token;
    }

    /** Whether the job may go on: the lease is surely this runner's for a while longer. */
    boolean trusted() {
        return !lost && trustedUntilNanos - System.nanoTime() > 0;
    }

    /** The table says the lease is no longer this token's (a fenced write found that out). */
    void markLost() {
        lost = true;
    }

    /** Why {@link #trusted()} is false, for the history. */
    String lapse() {
        return lost
                ? "another runner took the run lease over"
                : "PostgreSQL did not answer for "
                        + ConfigLoader.formatDuration(ttl.dividedBy(2))
                        + " (half the run lease)";
    }

    private void renew() {
        if (lost) {
            return;
        }
        long sent = System.nanoTime();
        try {
            if (store.renewLease(token, ttl)) {
                trustedUntilNanos = sent + ttl.toNanos() / 2;
                if (renewalFailing) {
                    LOG.info("renewed the run lease (token {}) again", token);
                    renewalFailing = false;
                }
            } else {
                lost = true;
                LOG.error(
                        "the run lease (token {}) is no longer this runner's; stopping the job",
                        token);
            }
        } catch (RuntimeException e) {
            if (!renewalFailing) {
                LOG.warn(
                        "cannot renew the run lease (token {}): {}; the running job is stopped in"
                                + " {} ms unless PostgreSQL answers",
                        token,
                        e.toString(),
                        Math.max(0, (trustedUntilNanos - System.nanoTime()) / 1_000_000));
            }
            renewalFailing = true;
        }
    }

    /** Stops renewing and gives the lease up (if PostgreSQL answers; else it expires). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.releaseLease(token);
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not release the run lease (token {}): {}; it expires within {}",
                    token,
                    e.toString(),
                    ttl);
        }
    }
}
