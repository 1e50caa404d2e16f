package io.flywheel.cli.scheduler;

import java.io.IOException;

/** Builds the child process of one job; the runner adds the log file, timeout and retries. */
@FunctionalInterface
public interface JobLauncher {
    ProcessBuilder builder(String job) throws IOException;
}
