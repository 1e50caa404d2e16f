package io.flywheel.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the demo did all it was asked, and its exit code: a cycle that rendered, published or
 * learned from fewer videos than planned, or a cycle never started, makes the run incomplete, which
 * is not success unless the user accepted it.
 *
 * @param exitCode {@link #COMPLETE}, {@link #FAILED} (a learning step failed) or {@link
 *     #INCOMPLETE}
 * @param shortfalls what was not done, one line each, e.g. "cycle 3: 5 of 12 renders still pending
 *     when the 30-minute limit (--timeout-minutes) ran out"
 */
record DemoVerdict(int exitCode, List<String> shortfalls) {
    static final int COMPLETE = 0;
    static final int FAILED = 1;

    /**
     * Some of the planned videos or cycles were not done (documented in `flywheel demo --help`).
     */
    static final int INCOMPLETE = 3;

    static DemoVerdict of(
            Optional<DemoCycle.Result> history,
            List<DemoCycle.Result> results,
            int cycles,
            int timeoutMinutes,
            boolean acceptPartial) {
        List<String> shortfalls = new ArrayList<>();
        List<DemoCycle.Result> all = new ArrayList<>();
        history.ifPresent(all::add);
        all.addAll(results);
        boolean learningFailed = false;
        for (DemoCycle.Result r : all) {
            String name = r.cycle() == DemoReport.HISTORY ? "history" : "cycle " + r.cycle();
            r.shortfalls().forEach(s -> shortfalls.add(name + ": " + s));
            learningFailed |= r.learningFailed();
        }
        if (results.size() < cycles) {
            int next = results.size() + 1;
            shortfalls.add(
                    (next == cycles ? "cycle " + next : "cycles " + next + "-" + cycles)
                            + ": not started, the "
                            + timeoutMinutes
                            + "-minute limit (--timeout-minutes) ran out first");
        }
        int code =
                learningFailed
                        ? FAILED
                        : shortfalls.isEmpty() || acceptPartial ? COMPLETE : INCOMPLETE;
        return new DemoVerdict(code, List.copyOf(shortfalls));
    }

    /** The lines that close the summary when the run is incomplete (none when it is complete). */
    List<String> banner(boolean acceptPartial) {
        if (shortfalls.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("INCOMPLETE RUN: the demo did not do all it was asked");
        shortfalls.forEach(s -> out.add("  - " + s));
        out.add(
                acceptPartial
                        ? "  (accepted: --accept-partial)"
                        : "  Exit code "
                                + INCOMPLETE
                                + ". A loaded machine is slower: --timeout-minutes gives more time;"
                                + " --accept-partial exits 0 on an incomplete run.");
        return out;
    }
}
