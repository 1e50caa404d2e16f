package io.flywheel.batch.quality;

/** A table failed its data-quality checks; the message is the readable report. */
public final class DataQualityException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient QualityReport report;

    public DataQualityException(QualityReport report) {
        super(report.render());
        this.report = report;
    }

    public QualityReport report() {
        return report;
    }
}
