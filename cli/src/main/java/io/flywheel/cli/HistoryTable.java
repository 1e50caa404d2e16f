package io.flywheel.cli;

import io.flywheel.store.SchedulerRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** {@code flywheel jobs history} as a table people read. */
final class HistoryTable {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final String ROW = "%-12s %-11s %-19s %9s %7s %-9s %-50s %s%n";

    private HistoryTable() {}

    static String format(List<SchedulerRun> runs, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        "JOB",
                        "STATUS",
                        "STARTED",
                        "DURATION",
                        "ATTEMPT",
                        "TRIGGER",
                        "SUMMARY",
                        "LOG"));
        for (SchedulerRun r : runs) {
            Instant end = r.finishedAt() == null ? now : r.finishedAt();
            b.append(
                    String.format(
                            Locale.ROOT,
                            ROW,
                            r.job(),
                            r.status().toUpperCase(Locale.ROOT).equals("SUCCEEDED")
                                    ? "succeeded"
                                    : r.status().toUpperCase(Locale.ROOT),
                            STARTED.format(r.startedAt()),
                            r.status().equals("skipped")
                                    ? "-"
                                    : duration(Duration.between(r.startedAt(), end)),
                            r.attempt() == 0 ? "-" : Integer.toString(r.attempt()),
                            r.triggeredBy(),
                            shorten(r.summary() == null ? "" : r.summary(), 50),
                            r.logPath() == null ? "-" : r.logPath()));
        }
        return b.toString();
    }

    /** 850ms, 12.3s, 4m05s, 2h10m. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        } else if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        } else if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", ms / 3_600_000, (ms / 60_000) % 60);
    }

    private static String shorten(String s, int max) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
