package io.flywheel.batch.recommend;

import io.flywheel.batch.db.Jdbc;
import io.flywheel.model.ArmColumns;
import io.flywheel.model.ParameterTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** Writes {@code recommendations}: one segment's rows replaced in one transaction. */
public final class RecommendationStore {
    private final Jdbc jdbc;

    public RecommendationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void replaceSegment(
            String platform,
            String niche,
            List<Recommendation> recs,
            String modelName,
            Integer modelVersion,
            String policyVersion,
            Instant generatedAt) {
        try (Connection c = jdbc.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement del =
                            c.prepareStatement(
                                    "DELETE FROM recommendations WHERE platform = ? AND niche = ?");
                    PreparedStatement ins =
                            c.prepareStatement(
                                    "INSERT INTO recommendations (platform, niche, rank, arm_key, "
                                            + ArmColumns.names(ParameterTable.chosen())
                                            + ", predicted_mean, predicted_sd,"
                                            + " thompson_share, exploration, model_name,"
                                            + " model_version, policy_version, generated_at)"
                                            + " VALUES (?, ?, ?, ?, "
                                            + ArmColumns.placeholders(ParameterTable.chosen())
                                            + ", ?, ?, ?, ?, ?, ?, ?, ?)")) {
                del.setString(1, platform);
                del.setString(2, niche);
                del.executeUpdate();
                for (Recommendation r : recs) {
                    var a = r.arm();
                    int i = 1;
                    ins.setString(i++, platform);
                    ins.setString(i++, niche);
                    ins.setInt(i++, r.rank());
                    ins.setString(i++, a.armKey());
                    i = ArmColumns.bind(ins, i, a, ParameterTable.chosen());
                    setDouble(ins, i++, r.predictedMean());
                    setDouble(ins, i++, r.predictedSd());
                    ins.setDouble(i++, r.thompsonShare());
                    ins.setBoolean(i++, r.exploration());
                    ins.setString(i++, modelName);
                    if (modelVersion == null) {
                        ins.setNull(i++, Types.INTEGER);
                    } else {
                        ins.setInt(i++, modelVersion);
                    }
                    ins.setString(i++, policyVersion);
                    ins.setTimestamp(i++, Timestamp.from(generatedAt));
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot replace recommendations of " + platform + "/" + niche, e);
        }
    }

    private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
