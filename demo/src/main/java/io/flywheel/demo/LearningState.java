package io.flywheel.demo;

import io.flywheel.model.ArmColumns;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What the batch jobs have learned, as the serving tables hold it: models and recommendations. */
final class LearningState {
    /** The newest trained model version and how it fared against the mean and the champion. */
    record Model(int version, String status, String decision, double rmse, double baselineRmse) {}

    private final DataSource ds;

    LearningState(DataSource ds) {
        this.ds = ds;
    }

    Optional<Model> newestModel() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT version, status, decision, (metrics->>'rmse')::float8,"
                                        + " (baseline_metrics->>'rmse')::float8 FROM model_registry"
                                        + " ORDER BY created_at DESC, version DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Model(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getDouble(4),
                            rs.getDouble(5)));
        }
    }

    Optional<Integer> championVersion() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT max(version) FROM model_registry WHERE status = 'champion'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            int v = rs.getInt(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(v);
        }
    }

    /**
     * The arm the model rates best in each segment: the first-ranked recommendation that is not an
     * exploration slot, keyed "PLATFORM/niche".
     */
    Map<String, ContentParameters> topArms() throws SQLException {
        Map<String, ContentParameters> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT DISTINCT ON (platform, niche) "
                                        + ArmColumns.names(ParameterTable.ALL)
                                        + " FROM recommendations WHERE NOT exploration"
                                        + " AND predicted_mean IS NOT NULL"
                                        + " ORDER BY platform, niche, rank");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ContentParameters p = ArmColumns.read(rs).toAvro();
                out.put(p.getPlatform() + "/" + p.getNiche(), p);
            }
        }
        return out;
    }
}
