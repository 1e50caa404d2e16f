package io.flywheel.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The review policy per channel (table review_policies). A channel without a row publishes at once,
 * so nothing waits unless someone asked for it.
 */
public final class ReviewPolicies {
    private final Jdbi jdbi;

    public ReviewPolicies(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ReviewPolicy of(String channel) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT policy FROM review_policies WHERE channel = :c")
                                .bind("c", channel)
                                .mapTo(String.class)
                                .findOne()
                                .map(ReviewPolicy::parse)
                                .orElse(ReviewPolicy.PUBLISH_AT_ONCE));
    }

    /**
     * @param updatedBy the API key id (or {@code cli}) that set it
     */
    public void set(String channel, ReviewPolicy policy, String updatedBy) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO review_policies (channel, policy, updated_by)"
                                                + " VALUES (:c, :p, :by) ON CONFLICT (channel) DO"
                                                + " UPDATE SET policy = EXCLUDED.policy,"
                                                + " updated_by = EXCLUDED.updated_by, updated_at ="
                                                + " now()")
                                .bind("c", channel)
                                .bind("p", policy.wire())
                                .bind("by", updatedBy)
                                .execute());
    }

    /** The channels with a stored policy. */
    public Map<String, ReviewPolicy> all() {
        Map<String, ReviewPolicy> out = new LinkedHashMap<>();
        jdbi.useHandle(
                h ->
                        h.createQuery(
                                        "SELECT channel, policy FROM review_policies ORDER BY channel")
                                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                                .forEach(
                                        e ->
                                                out.put(
                                                        e.getKey(),
                                                        ReviewPolicy.parse(e.getValue()))));
        return out;
    }
}
