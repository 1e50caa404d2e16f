package io.flywheel.cli;

import java.io.PrintStream;
import java.util.Locale;

/** Numbered steps with their duration: "[2/4] Starting PostgreSQL ... ok (1.7 s)". */
final class Progress {
    private final PrintStream out;
    private final int total;
    private int step;
    private long started;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    void begin(String what) {
        step++;
        started = System.nanoTime();
        out.printf(Locale.ROOT, "[%d/%d] %s ... ", step, total, what);
        out.flush();
    }

    void done(String result) {
        out.printf(Locale.ROOT, "%s (%.1f s)%n", result, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Redraws a counted bar in place on a terminal; elsewhere (logs, CI) prints it only when done,
     * so captured output is one line, not hundreds.
     */
    static void counted(PrintStream out, String label, long done, long total) {
        boolean finished = done >= total;
        if (System.console() != null) {
            out.print("\r" + label + "  " + bar(done, total, 30) + (finished ? "\n" : ""));
        } else if (finished) {
            out.println(label + "  " + bar(done, total, 30));
        }
        out.flush();
    }

    /** A one-line bar for work counted in units. */
    static String bar(long done, long total, int width) {
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total;
    }
}
