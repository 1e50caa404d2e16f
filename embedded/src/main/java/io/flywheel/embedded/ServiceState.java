package io.flywheel.embedded;

import java.util.Optional;

/**
 * What a local service looks like from outside: its process, its port, whether it answers, and how
 * much data it keeps.
 */
public record ServiceState(
        String name,
        Optional<Long> pid,
        String address,
        boolean healthy,
        String detail,
        long dataBytes) {

    public boolean running() {
        return pid.isPresent();
    }
}
