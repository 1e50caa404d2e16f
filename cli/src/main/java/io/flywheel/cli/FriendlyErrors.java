package io.flywheel.cli;

import io.flywheel.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns expected failures (bad config, a service that will not start) into one readable line and
 * exit code 1; anything else keeps its stack trace, which is then a bug to report.
 */
public final class FriendlyErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof ConfigException
                || e instanceof IllegalStateException
                || e instanceof UserError) {
            cl.getErr().println("flywheel: " + e.getMessage());
            return 1;
        }
        throw new RuntimeException(e);
    }
}
