package io.flywheel.store;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Briefs: what growth teams asked for. */
public final class BriefStore {
    private final Jdbi jdbi;

    public BriefStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(Brief.class));
    }

    public void insert(Brief b) {
        jdbi.useHandle(h -> insert(h, b));
    }

    /** Inserts on the caller's handle, inside the caller's transaction. */
    public static void insert(org.jdbi.v3.core.Handle h, Brief b) {
        h.createUpdate(
                        "INSERT INTO briefs (brief_id, platform, niche, video_count,"
                                + " exploration_share, requested_by, created_at)"
                                + " VALUES (:briefId, :platform, :niche, :videoCount,"
                                + " :explorationShare, :requestedBy, :createdAt)")
                .bindMethods(b)
                .execute();
    }

    public Optional<Brief> find(UUID briefId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM briefs WHERE brief_id = :id")
                                .bind("id", briefId)
                                .mapTo(Brief.class)
                                .findOne());
    }

    public List<Brief> recent(int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM briefs ORDER BY created_at DESC LIMIT :limit")
                                .bind("limit", limit)
                                .mapTo(Brief.class)
                                .list());
    }
}
