package io.flywheel.api;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.store.Database;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;

/**
 * A command-line tool over the configured database (keys, review): its configuration and output
 * streams, picocli's messages on the error stream, and alone (without a subcommand) its usage as an
 * error, exit status 2.
 */
public abstract class DatabaseTool implements Callable<Integer> {
    protected final FlywheelConfig config;
    public final PrintStream out;
    public final PrintStream err;
    private final String poolName;

    protected DatabaseTool(FlywheelConfig config, PrintStream out, PrintStream err, String pool) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.poolName = pool;
    }

    /** Runs {@code tool} on {@code args}: its exit status. */
    protected static int execute(DatabaseTool tool, String[] args) {
        return new CommandLine(tool)
                .setOut(new PrintWriter(tool.err, true))
                .setErr(new PrintWriter(tool.err, true))
                .execute(args);
    }

    /** The tool alone: its usage, as an error. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(err);
        return 2;
    }

    /** Runs {@code action} on the configured database, migrated first. */
    public int withDatabase(Function<Jdbi, Integer> action) {
        try (var ds = Database.dataSource(config.postgres(), poolName)) {
            Database.migrate(ds);
            return action.apply(Database.jdbi(ds));
        }
    }
}
