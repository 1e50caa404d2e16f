package io.flywheel.config;

/** Where PostgreSQL is and who Flywheel is there. */
public record PostgresSettings(
        String host, int port, String database, String user, Secret password, boolean embedded) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A libpq URL for psql and other tools; the password is left out on purpose. */
    public String libpqUrl() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
