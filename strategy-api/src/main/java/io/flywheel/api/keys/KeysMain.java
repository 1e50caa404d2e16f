package io.flywheel.api.keys;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.store.Database;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code flywheel keys create --scope read|write|admin [--name TEXT]}, {@code keys list}, {@code
 * keys revoke KEY_ID}, as a process the CLI can start: {@code java -cp
 * 'strategy-api/target/lib/*:strategy-api/target/<jar>' io.flywheel.api.keys.KeysMain create
 * --scope write}. The new key goes to standard output alone, everything else to standard error.
 */
public final class KeysMain {
    private KeysMain() {}

    public static void main(String[] args) {
        System.exit(run(args, ConfigLoader.fromEnvironment(Map.of()), System.out, System.err));
    }

    public static int run(String[] args, FlywheelConfig config, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        try (var ds = Database.dataSource(config.postgres(), "keys")) {
            Database.migrate(ds);
            KeysCommand keys = new KeysCommand(new ApiKeys(Database.jdbi(ds)));
            switch (args[0]) {
                case "create":
                    String scope = null;
                    String name = null;
                    for (int i = 1; i < args.length; i++) {
                        if (args[i].equals("--scope") && i + 1 < args.length) {
                            scope = args[++i];
                        } else if (args[i].startsWith("--scope=")) {
                            scope = args[i].substring(8);
                        } else if (args[i].equals("--name") && i + 1 < args.length) {
                            name = args[++i];
                        } else if (args[i].startsWith("--name=")) {
                            name = args[i].substring(7);
                        } else {
                            return usage(err);
                        }
                    }
                    if (scope == null) {
                        return usage(err);
                    }
                    return keys.create(scope, name, out, err);
                case "list":
                    return args.length == 1 ? keys.list(out) : usage(err);
                case "revoke":
                    return args.length == 2 ? keys.revoke(args[1], out, err) : usage(err);
                default:
                    return usage(err);
            }
        }
    }

    private static int usage(PrintStream err) {
        err.println(
                "usage: keys create --scope read|write|admin [--name TEXT] | keys list | keys"
                        + " revoke KEY_ID");
        return 2;
    }
}
