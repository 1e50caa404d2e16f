package io.flywheel.batch.quality;

import java.util.List;

/** The outcome of every check on one table, in the order they were declared. */
public record QualityReport(String table, long rows, List<Result> results) {

    /** One check: its name, whether it passed, and what was measured against what bound. */
    public record Result(String check, boolean passed, String detail) {}

    public boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    public List<Result> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** A plain-text table a person can read in a job log. */
    public String render() {
        StringBuilder b = new StringBuilder();
        long failed = failures().size();
        b.append("data quality of ")
                .append(table)
                .append(" (")
                .append(rows)
                .append(" rows): ")
                .append(
                        failed == 0
                                ? "all " + results.size() + " checks passed"
                                : failed + " of " + results.size() + " checks FAILED")
                .append('\n');
        int width = results.stream().mapToInt(r -> r.check().length()).max().orElse(10);
        for (Result r : results) {
            b.append(r.passed() ? "  ok    " : "  FAIL  ")
                    .append(String.format("%-" + width + "s", r.check()))
                    .append("  ")
                    .append(r.detail())
                    .append('\n');
        }
        return b.toString();
    }

    public QualityReport orThrow() {
        if (!passed()) {
            throw new DataQualityException(this);
        }
        return this;
    }
}
