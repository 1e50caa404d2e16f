package io.flywheel.store;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a database call again, with backoff, while PostgreSQL is away (restarting or unreachable, as
 * {@link DatabaseOutage} tells), so a long-running service waits it out instead of dying. A
 * statement that fails for any other reason fails at once. Logs a WARN when an outage starts (and
 * every tenth retry), and an INFO when the call went through again.
 */
public final class OutageRetry {
    private static final Logger LOG = LoggerFactory.getLogger(OutageRetry.class);

    private final Duration first;
    private final Duration most;

    /**
     * @param first the wait after the first failure, doubled after each further one
     * @param most the longest wait between two tries
     */
    public OutageRetry(Duration first, Duration most) {
        this.first = first;
        this.most = most;
    }

    /** 200 ms, doubling up to 5 s. */
    public static OutageRetry standard() {
        return new OutageRetry(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * @param what names the call in the log, e.g. {@code "record video 42"}
     * @throws InterruptedException when interrupted while waiting for the database
     */
    public <T> T call(String what, Supplier<T> call) throws InterruptedException {
        long wait = first.toMillis();
        for (int failures = 0; ; failures++) {
            try {
                T result = call.get();
                if (failures > 0) {
                    LOG.info(
                            "PostgreSQL is back: {} went through after {} tries",
                            what,
                            failures + 1);
                }
                return result;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                if (failures % 10 == 0) {
                    LOG.warn(
                            "PostgreSQL is away ({}); {} waits and tries again (try {})",
                            rootMessage(e),
                            what,
                            failures + 1);
                }
                Thread.sleep(wait);
                wait = Math.min(most.toMillis(), wait * 2);
            }
        }
    }

    /** The same for a call that returns nothing. */
    public void run(String what, Runnable call) throws InterruptedException {
        call(
                what,
                () -> {
                    call.run();
                    return null;
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
