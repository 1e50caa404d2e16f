package io.flywheel.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The {@code asset_evidence} rows of videos (since V64). */
public final class AssetEvidenceStore {
    private final Jdbi jdbi;

    public AssetEvidenceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records a video's evidence: every row of {@code evidence} replaces the one with its key, and
     * rows of the video not in it are removed (a job rendered again with other providers), in one
     * transaction.
     */
    public void record(UUID videoId, UUID jobId, List<AssetEvidence> evidence) {
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "DELETE FROM asset_evidence WHERE video_id = :video AND NOT"
                                            + " (asset_key = ANY(:keys))")
                            .bind("video", videoId)
                            .bind(
                                    "keys",
                                    evidence.stream()
                                            .map(AssetEvidence::assetKey)
                                            .toArray(String[]::new))
                            .execute();
                    for (AssetEvidence e : evidence) {
                        upsert(h, videoId, jobId, e);
                    }
                });
    }

    /** Records or replaces one asset's evidence (e.g. a licence found after the render). */
    public void put(UUID videoId, UUID jobId, AssetEvidence e) {
        jdbi.useHandle(h -> upsert(h, videoId, jobId, e));
    }

    private static void upsert(
            org.jdbi.v3.core.Handle h, UUID videoId, UUID jobId, AssetEvidence e) {
        h.createUpdate(
                        "INSERT INTO asset_evidence (video_id, asset_key, job_id, asset_kind,"
                                + " provider, version, source, licence, allowed_platforms,"
                                + " receipt_id, recorded_at) VALUES (:video, :key, :job, :kind,"
                                + " :provider, :version, :source, :licence, :platforms, :receipt,"
                                + " now()) ON CONFLICT (video_id, asset_key) DO UPDATE SET job_id ="
                                + " EXCLUDED.job_id, asset_kind = EXCLUDED.asset_kind, provider ="
                                + " EXCLUDED.provider, version = EXCLUDED.version, source ="
                                + " EXCLUDED.source, licence = EXCLUDED.licence,"
                                + " allowed_platforms = EXCLUDED.allowed_platforms, receipt_id ="
                                + " EXCLUDED.receipt_id, recorded_at = now()")
                .bind("video", videoId)
                .bind("key", e.assetKey())
                .bind("job", jobId)
                .bind("kind", e.kind())
                .bind("provider", e.provider())
                .bind("version", e.version())
                .bind("source", e.source())
                .bind("licence", e.licence())
                .bindByType(
                        "platforms",
                        e.allowedPlatforms().isEmpty()
                                ? null
                                : e.allowedPlatforms().toArray(String[]::new),
                        String[].class)
                .bind("receipt", e.receiptId())
                .execute();
    }

    /** A video's evidence, by asset key; empty when none was recorded. */
    public List<AssetEvidence> of(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM asset_evidence WHERE video_id = :video"
                                                + " ORDER BY array_position(ARRAY['script',"
                                                + " 'voice', 'image', 'music', 'font'],"
                                                + " asset_kind), asset_key")
                                .bind("video", videoId)
                                .map((rs, ctx) -> row(rs))
                                .list());
    }

    private static AssetEvidence row(ResultSet rs) throws SQLException {
        Array platforms = rs.getArray("allowed_platforms");
        return new AssetEvidence(
                rs.getString("asset_key"),
                rs.getString("asset_kind"),
                rs.getString("provider"),
                rs.getString("version"),
                rs.getString("source"),
                rs.getString("licence"),
                platforms == null ? List.of() : Arrays.asList((String[]) platforms.getArray()),
                rs.getString("receipt_id"));
    }
}
