package io.flywheel.cli.scheduler;

import java.nio.file.Path;
import java.time.Duration;

/** What a run reports as it goes; {@code flywheel jobs run} prints it, the scheduler logs it. */
public interface RunListener {
    default void started(String job, int attempt, Path log) {}

    default void finished(JobRunner.Attempt attempt) {}

    default void retrying(String job, int attempt, Duration after) {}

    default void skipped(String job, String reason) {}

    RunListener NONE = new RunListener() {};
}
