package io.flywheel.config;

/**
 * The sandbox platform's simulated audience.
 *
 * @param world a built-in world name or a world file path
 * @param seed seeds every video's audience, so a run can be repeated
 * @param periodMinutes simulated length of one reported engagement increment
 * @param timeCompression simulated seconds per real second (8640: one day in ten seconds)
 */
public record SimulatorSettings(
        String world, long seed, int periodMinutes, double timeCompression) {}
