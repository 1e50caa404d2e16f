package io.flywheel.api.keys;

import io.flywheel.api.DatabaseTool;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flywheel keys create --scope read|write|admin|webhooks|review [--name TEXT]}, {@code keys
 * list}, {@code keys revoke KEY_ID}, as a process the CLI can start: {@code java -cp
 * 'strategy-api/target/lib/*:strategy-api/target/<jar>' io.flywheel.api.keys.KeysMain create
 * --scope write}. The new key goes to standard output alone, everything else to standard error; a
 * wrong or missing argument prints the usage and exits 2.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage the strategy API's keys (stored hashed; a new key is shown once).",
        subcommands = {KeysMain.Create.class, KeysMain.List.class, KeysMain.Revoke.class})
public final class KeysMain extends DatabaseTool {
    private KeysMain(FlywheelConfig config, PrintStream out, PrintStream err) {
        super(config, out, err, "keys");
    }

    public static void main(String[] args) {
        System.exit(run(args, ConfigLoader.fromEnvironment(Map.of()), System.out, System.err));
    }

    public static int run(String[] args, FlywheelConfig config, PrintStream out, PrintStream err) {
        return execute(new KeysMain(config, out, err), args);
    }

    /** Runs {@code action} on the key store of the configured database. */
    int withKeys(Function<KeysCommand, Integer> action) {
        return withDatabase(jdbi -> action.apply(new KeysCommand(new ApiKeys(jdbi))));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key.")
    static final class Create implements Callable<Integer> {
        @ParentCommand KeysMain keys;

        @Option(
                names = "--scope",
                required = true,
                paramLabel = "read|write|admin|webhooks|review",
                description = "What the key may do.")
        String scope;

        @Option(names = "--name", paramLabel = "TEXT", description = "A label shown by `list`.")
        String name;

        @Override
        public Integer call() {
            return keys.withKeys(k -> k.create(scope, name, keys.out, keys.err));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys.")
    static final class List implements Callable<Integer> {
        @ParentCommand KeysMain keys;

        @Override
        public Integer call() {
            return keys.withKeys(k -> k.list(keys.out));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand KeysMain keys;

        @Parameters(paramLabel = "KEY_ID", description = "The id that `list` shows.")
        String keyId;

        @Override
        public Integer call() {
            return keys.withKeys(k -> k.revoke(keyId, keys.out, keys.err));
        }
    }
}
