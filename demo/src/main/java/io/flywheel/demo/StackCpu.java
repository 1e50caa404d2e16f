package io.flywheel.demo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CPU seconds used so far by the demo and the stack it drives, from Linux's {@code /proc}: this
 * process with the children it has waited for (the Spark JVMs of the learning steps, the key tool),
 * and every process named by a pid file under the data directory (Kafka, PostgreSQL, Flywheel's
 * services and the supervisor) with the children each has waited for (ffmpeg, PostgreSQL's
 * backends). CPU time does not depend on what else the machine runs, so it compares runs on a
 * shared machine where wall time cannot. Empty where {@code /proc} is not there.
 */
final class StackCpu {
    /** Linux reports process times in USER_HZ ticks, 100 per second on every architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** Folders with many files and no pid file. */
    private static final Set<String> SKIPPED = Set.of("media", "lake", "sandbox", "logs", "models");

    private final Path dataDir;

    StackCpu(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** CPU seconds per process so far (key 0: this process), for {@link #since}. */
    Map<Long, Long> sample() {
        Map<Long, Long> ticks = new HashMap<>();
        ticks(Path.of("/proc/self/stat")).ifPresent(t -> ticks.put(0L, t));
        for (long pid : pids()) {
            ticks(Path.of("/proc", Long.toString(pid), "stat")).ifPresent(t -> ticks.put(pid, t));
        }
        return ticks;
    }

    /**
     * CPU seconds from {@code before} to {@code after}: a process that started in between counts
     * from zero; one that ended is left out (its last share is lost, a few seconds at most).
     */
    static double since(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum / TICKS_PER_SECOND;
    }

    /** utime + stime + cutime + cstime of {@code /proc/PID/stat}. */
    static OptionalLong ticks(Path stat) {
        try {
            return parse(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Fields 14 to 17 of a stat line (after the command in parentheses, which may hold spaces). */
    static OptionalLong parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14.
        long sum = 0;
        for (int field = 14; field <= 17; field++) {
            sum += Long.parseLong(f[field - 3]);
        }
        return OptionalLong.of(sum);
    }

    private Set<Long> pids() {
        Set<Long> pids = new java.util.HashSet<>();
        if (!Files.isDirectory(dataDir)) {
            return pids;
        }
        try {
            Files.walkFileTree(
                    dataDir,
                    Set.of(),
                    4,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            return SKIPPED.contains(String.valueOf(dir.getFileName()))
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (file.getFileName().toString().endsWith(".pid")) {
                                firstLinePid(file).ifPresent(pids::add);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // a partial set: the figure is a lower bound
        }
        return pids;
    }

    private static OptionalLong firstLinePid(Path file) {
        try {
            String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
            return OptionalLong.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
