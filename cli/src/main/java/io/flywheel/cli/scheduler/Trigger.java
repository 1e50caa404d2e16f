package io.flywheel.cli.scheduler;

/** Who started a run: the schedule or a person ({@code flywheel jobs run}). */
public enum Trigger {
    SCHEDULED("scheduled"),
    MANUAL("manual");

    private final String label;

    Trigger(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
