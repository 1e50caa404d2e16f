package io.flywheel.batch.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.batch.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Map;
import java.util.Optional;

/**
 * The champion/challenger registry in PostgreSQL ({@code model_registry}). Registering a promoted
 * model retires the previous champion in the same transaction, so there is always at most one.
 */
public final class ModelRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Jdbc jdbc;

    public ModelRegistry(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ModelRecord> champion(String modelName) {
        return one(
                "SELECT * FROM model_registry WHERE model_name = ? AND status = 'champion'",
                modelName,
                null);
    }

    public Optional<ModelRecord> find(String modelName, int version) {
        return one(
                "SELECT * FROM model_registry WHERE model_name = ? AND version = ?",
                modelName,
                version);
    }

    public int nextVersion(String modelName) {
        try (Connection c = jdbc.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT coalesce(max(version), 0) + 1 FROM model_registry"
                                        + " WHERE model_name = ?")) {
            s.setString(1, modelName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read model_registry", e);
        }
    }

    /** Inserts the record; a champion retires the previous one in the same transaction. */
    public void register(ModelRecord m) {
        try (Connection c = jdbc.connect()) {
            c.setAutoCommit(false);
            try {
                if (ModelRecord.CHAMPION.equals(m.status())) {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE model_registry SET status = 'retired'"
                                            + " WHERE model_name = ? AND status = 'champion'")) {
                        s.setString(1, m.modelName());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO model_registry (model_name, version, status,"
                                        + " objective, artifact_uri, training_table,"
                                        + " training_table_version, train_rows, validation_rows,"
                                        + " validation_cutoff, ensemble_size, features, params,"
                                        + " metrics, baseline_metrics, champion_version,"
                                        + " champion_metrics, decision, promoted_at) VALUES"
                                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                                        + " ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?)")) {
                    int i = 1;
                    s.setString(i++, m.modelName());
                    s.setInt(i++, m.version());
                    s.setString(i++, m.status());
                    s.setString(i++, m.objective());
                    s.setString(i++, m.artifactUri());
                    s.setString(i++, m.trainingTable());
                    s.setLong(i++, m.trainingTableVersion());
                    s.setLong(i++, m.trainRows());
                    s.setLong(i++, m.validationRows());
                    s.setTimestamp(i++, Timestamp.from(m.validationCutoff()));
                    s.setInt(i++, m.ensembleSize());
                    s.setString(i++, m.featuresJson());
                    s.setString(i++, m.paramsJson());
                    s.setString(i++, json(m.metrics()));
                    s.setString(i++, json(m.baselineMetrics()));
                    if (m.championVersion() == null) {
                        s.setNull(i++, Types.INTEGER);
                    } else {
                        s.setInt(i++, m.championVersion());
                    }
                    s.setString(
                            i++, m.championMetrics() == null ? null : json(m.championMetrics()));
                    s.setString(i++, m.decision());
                    if (ModelRecord.CHAMPION.equals(m.status())) {
                        s.setTimestamp(i++, new Timestamp(System.currentTimeMillis()));
                    } else {
                        s.setNull(i++, Types.TIMESTAMP);
                    }
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot register " + m.modelName() + " v" + m.version(), e);
        }
    }

    private Optional<ModelRecord> one(String sql, String name, Integer version) {
        try (Connection c = jdbc.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            if (version != null) {
                s.setInt(2, version);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read model_registry", e);
        }
    }

    private static ModelRecord read(ResultSet rs) throws SQLException {
        int champion = rs.getInt("champion_version");
        Integer championVersion = rs.wasNull() ? null : champion;
        String championMetrics = rs.getString("champion_metrics");
        return new ModelRecord(
                rs.getString("model_name"),
                rs.getInt("version"),
                rs.getString("status"),
                rs.getString("objective"),
                rs.getString("artifact_uri"),
                rs.getString("training_table"),
                rs.getLong("training_table_version"),
                rs.getLong("train_rows"),
                rs.getLong("validation_rows"),
                rs.getTimestamp("validation_cutoff").toInstant(),
                rs.getInt("ensemble_size"),
                rs.getString("features"),
                rs.getString("params"),
                map(rs.getString("metrics")),
                map(rs.getString("baseline_metrics")),
                championVersion,
                championMetrics == null ? null : map(championMetrics),
                rs.getString("decision"));
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Double>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad metrics json: " + json, e);
        }
    }
}
