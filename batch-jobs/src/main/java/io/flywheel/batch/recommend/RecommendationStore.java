package io.flywheel.batch.recommend;

import io.flywheel.batch.db.Jdbc;
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
                                    "INSERT INTO recommendations (platform, niche, rank, arm_key,"
                                            + " hook_style, pacing, target_duration_s, voice,"
                                            + " music_mood, caption_style, visual_style,"
                                            + " posting_hour, predicted_mean, predicted_sd,"
                                            + " thompson_share, exploration, model_name,"
                                            + " model_version, policy_version, generated_at)"
                                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                            + " ?, ?, ?, ?, ?, ?)")) {
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
                    ins.setString(i++, a.hookStyle());
                    ins.setString(i++, a.pacing());
                    ins.setInt(i++, a.targetDurationS());
                    ins.setString(i++, a.voice());
                    ins.setString(i++, a.musicMood());
                    ins.setString(i++, a.captionStyle());
                    ins.setString(i++, a.visualStyle());
                    ins.setInt(i++, a.postingHour());
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
