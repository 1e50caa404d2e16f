package io.flywheel.publishers.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The real instant at which simulated time started, kept in the data directory so that every
 * process of one Flywheel (publisher, audience, demo) agrees on the simulated clock.
 */
public final class SimulationEpoch {
    private SimulationEpoch() {}

    /** The clock of this data directory, starting it now if it has not started yet. */
    public static SimulatedClock clock(Path runDir, double factor, Clock real) {
        long epoch = epoch(runDir, real);
        return new SimulatedClock(real, epoch + (long) ((real.millis() - epoch) * factor), factor);
    }

    static synchronized long epoch(Path runDir, Clock real) {
        Path f = runDir.resolve("simulation-epoch");
        try {
            if (Files.exists(f)) {
                return Long.parseLong(Files.readString(f).trim());
            }
            Files.createDirectories(runDir);
            long now = real.millis();
            Files.writeString(f, now + "\n");
            return now;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the simulation epoch " + f, e);
        }
    }
}
