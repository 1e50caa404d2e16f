package io.flywheel.benchmarks.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by this JVM and by its finished child processes (ffmpeg, espeak-ng), from
 * /proc/self/stat (utime, stime, cutime, cstime). On a machine shared with other work, CPU time
 * compares two pieces of work far more fairly than wall time does.
 */
final class CpuTime {
    private static final double TICKS_PER_S = 100.0; // USER_HZ on Linux

    private CpuTime() {}

    /** {own, children} in seconds. */
    static double[] now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double own = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_S;
            double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_S;
            return new double[] {own, children};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }
}
