package io.flywheel.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Numbered steps with their duration: "[2/4] Starting PostgreSQL ... ok (1.7 s)". */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final int total;
    private int step;
    private long started;
    private AutoCloseable beat;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void begin(String what) {
        step++;
        started = System.nanoTime();
        out.printf(Locale.ROOT, "[%d/%d] %s ... ", step, total, what);
        out.flush();
        beat = heartbeat(out, "  " + what, () -> "still starting");
    }

    void done(String result) {
        stopBeat();
        out.printf(Locale.ROOT, "%s (%.1f s)%n", result, (System.nanoTime() - started) / 1e9);
    }

    /** Stops the heartbeat of a step that failed. */
    @Override
    public void close() {
        stopBeat();
    }

    private void stopBeat() {
        if (beat != null) {
            try {
                beat.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            beat = null;
        }
    }

    /** Without a terminal, a bar is printed again after this long, so logs show progress. */
    static final long HEARTBEAT_NANOS = 10_000_000_000L;

    private static final Map<String, Long> LAST_PRINTED = new ConcurrentHashMap<>();

    /**
     * Redraws a counted bar in place on a terminal; elsewhere (logs, CI, {@code | tee}) prints a
     * line when done and at least every 10 s until then, so captured output shows progress without
     * hundreds of lines.
     */
    public static void counted(PrintStream out, String label, long done, long total) {
        boolean finished = done >= total;
        if (System.console() != null) {
            out.print("\r" + label + "  " + bar(done, total, 30) + (finished ? "\n" : ""));
        } else {
            long now = System.nanoTime();
            Long last = LAST_PRINTED.putIfAbsent(label, now);
            if (finished) {
                LAST_PRINTED.remove(label);
                out.println(label + "  " + bar(done, total, 30));
            } else if (last != null && now - last >= HEARTBEAT_NANOS) {
                LAST_PRINTED.put(label, now);
                out.println(label + "  " + bar(done, total, 30));
            }
        }
        out.flush();
    }

    /** A line every 10 s while blocking work runs, for work without a count (e.g. Spark jobs). */
    public static AutoCloseable heartbeat(PrintStream out, String label, Supplier<String> state) {
        long start = System.nanoTime();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                while (true) {
                                    Thread.sleep(HEARTBEAT_NANOS / 1_000_000);
                                    out.printf(
                                            Locale.ROOT,
                                            "%n%s  %s (%.0f s) ",
                                            label,
                                            state.get(),
                                            (System.nanoTime() - start) / 1e9);
                                    out.flush();
                                }
                            } catch (InterruptedException e) {
                                // done
                            }
                        },
                        "progress");
        t.setDaemon(true);
        t.start();
        return t::interrupt;
    }

    /** A one-line bar for work counted in units. */
    static String bar(long done, long total, int width) {
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total;
    }
}
