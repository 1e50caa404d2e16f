package io.flywheel.demo;

import io.flywheel.cli.FriendlyErrors;
import picocli.CommandLine;

/**
 * {@code flywheel demo}: the script runs this instead of the CLI's {@code Main}, so the demo's
 * world and oracle (the simulator) stay off the product's classpath.
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new DemoCommand());
        cl.setCommandName("flywheel demo");
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        return cl.execute(args);
    }
}
