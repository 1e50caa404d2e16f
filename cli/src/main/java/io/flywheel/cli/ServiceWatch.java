package io.flywheel.cli;

import io.flywheel.embedded.LogTail;
import io.flywheel.embedded.ServiceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Watches, while the demo waits on them, the processes a cycle needs, and stops the demo with the
 * cause when one is down for good: the supervisor gave up on it, or it has not been healthy for the
 * grace period (a restart that works takes less). The cause names the process, what its health
 * check or the supervisor says, and the last lines of its log.
 */
public final class ServiceWatch {
    private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(3).toNanos();

    private final LocalStack stack;
    private final List<String> names;
    private final Duration grace;
    private final LongSupplier nanoClock;
    private final Map<String, Long> badSince = new HashMap<>();
    private long lastCheck = Long.MIN_VALUE;

    public ServiceWatch(
            LocalStack stack, List<String> names, Duration grace, LongSupplier nanoClock) {
        this.stack = stack;
        this.names = names;
        this.grace = grace;
        this.nanoClock = nanoClock;
    }

    /** Cheap to call often: looks every few seconds; throws {@link UserError} with the cause. */
    public void check() {
        long now = nanoClock.getAsLong();
        if (lastCheck != Long.MIN_VALUE && now - lastCheck < CHECK_EVERY_NANOS) {
            return;
        }
        lastCheck = now;
        Path runDir = stack.config().dataPath("run");
        SupervisorState sup = SupervisorState.read(runDir);
        for (ServiceState s : stack.states(true)) {
            if (!names.contains(s.name())) {
                continue;
            }
            if (s.healthy()) {
                badSince.remove(s.name());
                continue;
            }
            SupervisorState.Entry e = sup.services.get(s.name());
            long since = badSince.computeIfAbsent(s.name(), k -> now);
            boolean gaveUp = e != null && e.gaveUp;
            if (gaveUp || now - since > grace.toNanos()) {
                throw new UserError(cause(s, e, (now - since) / 1_000_000_000L));
            }
        }
    }

    private String cause(ServiceState s, SupervisorState.Entry e, long seconds) {
        String why =
                e != null && e.gaveUp
                        ? e.reason
                        : (s.running() ? "unhealthy" : "not running")
                                + " for "
                                + seconds
                                + " s: "
                                + s.detail()
                                + (e != null && e.restarts > 0
                                        ? " (restarted " + e.restarts + " times)"
                                        : "");
        Path log = logOf(s.name());
        return s.name()
                + " is down, so the demo stops: "
                + why
                + "\nLast lines of "
                + log
                + ":\n"
                + LogTail.summary(log, 12)
                + "`./flywheel status` shows every process; `./flywheel down` stops them.";
    }

    private Path logOf(String name) {
        return switch (name) {
            case "kafka" -> stack.config().dataPath("kafka", "logs", "kafka.out");
            case "postgres" -> stack.config().dataPath("postgres", "postgres.out");
            default -> stack.config().dataPath("logs").resolve(name + ".out");
        };
    }
}
