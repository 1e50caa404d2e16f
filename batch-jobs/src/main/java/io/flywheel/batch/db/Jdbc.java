package io.flywheel.batch.db;

import io.flywheel.config.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** How the batch jobs reach PostgreSQL: plain JDBC, parameterised statements only. */
public record Jdbc(String url, String user, String password) {

    public static Jdbc of(PostgresSettings p) {
        return new Jdbc(p.jdbcUrl(), p.user(), p.password().reveal());
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.put("user", user);
        props.put("password", password);
        return DriverManager.getConnection(url, props);
    }

    @Override
    public String toString() {
        return "Jdbc[" + url + ", user=" + user + "]";
    }
}
