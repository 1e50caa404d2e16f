package io.flywheel.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each phase of the demo took, in wall seconds and in CPU seconds of the demo and its
 * stack ({@link StackCpu}), for the summary and the log. The machine's load average is kept with
 * them: on a shared machine wall time says little without it.
 */
final class DemoTimings {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTimings.class);

    /** One timed phase; {@code depth} 1 is a step inside the phase above it. */
    record Phase(String name, int depth, long startNanos, double wallSeconds, double cpuSeconds) {}

    /** A phase under way. */
    final class Lap {
        private final String name;
        private final int depth;
        private final long start = System.nanoTime();
        private final Map<Long, Long> cpuStart = cpu.sample();

        private Lap(String name, int depth) {
            this.name = name;
            this.depth = depth;
        }

        /** Records the phase (once) and returns its wall seconds. */
        double end() {
            Phase p =
                    new Phase(
                            name,
                            depth,
                            start,
                            (System.nanoTime() - start) / 1e9,
                            StackCpu.since(cpuStart, cpu.sample()));
            synchronized (phases) {
                phases.add(p);
            }
            LOG.info(
                    "phase '{}' took {} s wall, {} s CPU (load average {})",
                    name,
                    String.format(Locale.ROOT, "%.1f", p.wallSeconds()),
                    String.format(Locale.ROOT, "%.1f", p.cpuSeconds()),
                    loadAverage());
            return p.wallSeconds();
        }
    }

    private final StackCpu cpu;
    private final List<Phase> phases = new ArrayList<>();
    private final String loadAtStart = loadAverage();

    DemoTimings(StackCpu cpu) {
        this.cpu = cpu;
    }

    Lap start(String name) {
        return new Lap(name, 0);
    }

    /** A step inside a phase (e.g. one Spark job of a learning step). */
    Lap step(String name) {
        return new Lap(name, 1);
    }

    /** The phases recorded so far, in the order they started. */
    List<Phase> phases() {
        synchronized (phases) {
            return phases.stream()
                    .sorted(java.util.Comparator.comparingLong(Phase::startNanos))
                    .toList();
        }
    }

    /** The table of phases, with the totals of the top-level ones. */
    void print(PrintStream out, double totalWallSeconds) {
        out.printf(
                Locale.ROOT,
                "Time per phase (load average at start %s, at end %s; CPU: seconds used by the demo,"
                        + " its Spark jobs and every process of the stack)%n",
                loadAtStart,
                loadAverage());
        out.printf(Locale.ROOT, "  %-52s %8s %8s%n", "PHASE", "WALL s", "CPU s");
        double wall = 0;
        double cpuSum = 0;
        for (Phase p : phases()) {
            out.printf(
                    Locale.ROOT,
                    "  %-52s %8.1f %8.1f%n",
                    (p.depth() > 0 ? "    " : "") + p.name(),
                    p.wallSeconds(),
                    p.cpuSeconds());
            if (p.depth() == 0) {
                wall += p.wallSeconds();
                cpuSum += p.cpuSeconds();
            }
        }
        out.printf(Locale.ROOT, "  %-52s %8.1f %8.1f%n", "phases in all", wall, cpuSum);
        out.printf(Locale.ROOT, "  %-52s %8.1f%n", "whole run", totalWallSeconds);
        out.println();
    }

    /** The 1-, 5- and 15-minute load averages, or "?" where Linux's file is not there. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
