package io.flywheel.api.keys;

import java.io.PrintStream;
import java.util.List;

/**
 * What {@code flywheel keys create|list|revoke} does, callable from the CLI with the store's Jdbi.
 * The new key is printed once, on its own line, so scripts can capture it.
 */
public final class KeysCommand {
    private final ApiKeys keys;

    public KeysCommand(ApiKeys keys) {
        this.keys = keys;
    }

    /** Creates a key and prints it; returns the process exit code. */
    public int create(String scope, String name, PrintStream out, PrintStream err) {
        Scope s;
        try {
            s = Scope.parse(scope);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        CreatedKey k = keys.create(s, name == null ? s.wire() + " key" : name);
        err.println(
                "Created "
                        + s.wire()
                        + " key "
                        + k.key().keyId()
                        + " ("
                        + k.key().name()
                        + "). It is shown only now; store it safely:");
        out.println(k.secret());
        return 0;
    }

    public int list(PrintStream out) {
        List<ApiKey> all = keys.list();
        out.printf("%-12s  %-5s  %-24s  %-8s  %s%n", "KEY ID", "SCOPE", "CREATED", "STATE", "NAME");
        for (ApiKey k : all) {
            out.printf(
                    "%-12s  %-5s  %-24s  %-8s  %s%n",
                    k.keyId(),
                    k.scope().wire(),
                    k.createdAt(),
                    k.revokedAt() == null ? "live" : "revoked",
                    k.name());
        }
        return 0;
    }

    public int revoke(String keyId, PrintStream out, PrintStream err) {
        if (keys.revoke(keyId)) {
            out.println("Revoked " + keyId);
            return 0;
        }
        err.println("No live key " + keyId);
        return 1;
    }
}
