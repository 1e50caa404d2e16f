package io.flywheel.batch;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.store.Database;
import java.util.Map;

/** A fresh database on the shared test PostgreSQL, migrated by the store (all modules' files). */
public final class TestDatabase {
    private TestDatabase() {}

    public static Jdbc create(String prefix) {
        String db = Ephemeral.database(prefix);
        Map<String, String> j = Ephemeral.jdbc(db);
        Jdbc jdbc = new Jdbc(j.get("url"), j.get("user"), j.get("password"));
        try (HikariDataSource ds =
                Database.dataSource(
                        jdbc.url(), jdbc.user(), jdbc.password(), "migrate-" + prefix)) {
            Database.migrate(ds);
        }
        return jdbc;
    }
}
