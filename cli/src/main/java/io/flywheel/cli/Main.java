package io.flywheel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flywheel} command. Each subcommand is its own class; this only wires them. */
@Command(
        name = "flywheel",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Makes short-form video, measures the audience, learns what works.",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            ConfigCommand.class,
            DemoLauncher.class,
            TopicsCommand.class,
            TailCommand.class,
            KeysCommand.class,
            AccountsCommand.class,
            ReviewCommand.class,
            JobsCommand.class,
            RenderCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        return cl.execute(args);
    }
}
