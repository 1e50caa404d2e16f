package io.flywheel.render.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one job slot running: a slot loop that dies from an unexpected exception is logged at ERROR
 * and started again (new Kafka clients) after a backoff. A slot that cannot be recovered (its
 * clients could not be re-created in {@code RenderWorker}'s attempts, or it died {@link
 * #MAX_QUICK_DEATHS} times in a row soon after starting) is reported to {@code onFatal}, which in a
 * worker process exits non-zero so the supervisor restarts the whole process.
 */
final class SlotSupervisor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SlotSupervisor.class);
    static final int MAX_QUICK_DEATHS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** A slot that ran this long before dying is counted as healthy: its backoff starts over. */
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(2);

    private final int slot;
    private final Supplier<RenderWorker> slots;
    private final Runnable onFatal;
    private final AtomicInteger restarts;
    private volatile RenderWorker current;
    private volatile boolean running = true;

    /**
     * @param restarts the worker's count of slot restarts, shared by its slots
     * @param onFatal called once when the slot gives up
     */
    SlotSupervisor(
            int slot, Supplier<RenderWorker> slots, AtomicInteger restarts, Runnable onFatal) {
        this.slot = slot;
        this.slots = slots;
        this.restarts = restarts;
        this.onFatal = onFatal;
    }

    @Override
    public void run() {
        int quickDeaths = 0;
        long backoff = FIRST_BACKOFF.toMillis();
        while (running) {
            long started = System.nanoTime();
            try {
                RenderWorker w = slots.get();
                current = w;
                if (!running) {
                    w.stop();
                }
                w.run();
                if (!running || w.fenced()) {
                    return; // A clean stop, or another process owns this slot's transactional id.
                }
                throw new IllegalStateException("the slot loop returned without being stopped");
            } catch (RenderWorker.SlotUnrecoverableException e) {
                LOG.error("render slot {} cannot be recovered; giving up", slot, e);
                onFatal.run();
                return;
            } catch (Throwable t) {
                if (!running) {
                    return;
                }
                if (Duration.ofNanos(System.nanoTime() - started).compareTo(HEALTHY_RUN) > 0) {
                    quickDeaths = 0;
                    backoff = FIRST_BACKOFF.toMillis();
                }
                quickDeaths++;
                if (quickDeaths >= MAX_QUICK_DEATHS) {
                    LOG.error(
                            "render slot {} died {} times in a row; giving up",
                            slot,
                            quickDeaths,
                            t);
                    onFatal.run();
                    return;
                }
                int n = restarts.incrementAndGet();
                LOG.error(
                        "render slot {} died ({}); restarting it in {} ms (worker slot restarts: {})",
                        slot,
                        t.toString(),
                        backoff,
                        n,
                        t);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            } finally {
                current = null;
            }
        }
    }

    void stop() {
        running = false;
        RenderWorker w = current;
        if (w != null) {
            w.stop();
        }
    }
}
