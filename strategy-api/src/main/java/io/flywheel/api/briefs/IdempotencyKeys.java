package io.flywheel.api.briefs;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code Idempotency-Key}s of {@code POST /v1/briefs}, per API key, in PostgreSQL for {@link
 * #TTL}. A request first claims its key: it is new, the answer of an earlier request (replayed), a
 * brief an earlier request stored but could not send (resumed), another body under the same key
 * (refused), or in progress in another request right now.
 */
public final class IdempotencyKeys {
    public static final Duration TTL = Duration.ofHours(24);

    /** How long a claim holds before another request may take the key over (a crashed process). */
    static final Duration LEASE = Duration.ofSeconds(120);

    private final Jdbi jdbi;

    public IdempotencyKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The key of one request: which API key used it, the header's value and the body's hash. */
    public record Key(String apiKeyId, String value, byte[] requestSha256) {}

    /** What a claim found. */
    public sealed interface Claim {}

    /** First use: the caller holds the key and creates the brief. */
    public record Fresh() implements Claim {}

    /** An earlier request completed: answer what it answered. */
    public record Replay(int status, String body, UUID briefId) implements Claim {}

    /** An earlier request stored this brief but did not complete it: the caller holds the key. */
    public record Resume(UUID briefId, String body) implements Claim {}

    /** The key was used with another request body. */
    public record Mismatch() implements Claim {}

    /** Another request with this key is running now. */
    public record InProgress() implements Claim {}

    public Claim claim(Key k) {
        return jdbi.inTransaction(
                h -> {
                    h.createUpdate("DELETE FROM api_idempotency_keys WHERE expires_at < now()")
                            .execute();
                    int inserted =
                            h.createUpdate(
                                            "INSERT INTO api_idempotency_keys (key_id,"
                                                    + " idempotency_key, request_sha256,"
                                                    + " locked_until, expires_at) VALUES (:k, :v,"
                                                    + " :sha, now() + make_interval(secs => :lease),"
                                                    + " now() + make_interval(secs => :ttl)) ON"
                                                    + " CONFLICT DO NOTHING")
                                    .bind("k", k.apiKeyId())
                                    .bind("v", k.value())
                                    .bind("sha", k.requestSha256())
                                    .bind("lease", (double) LEASE.toSeconds())
                                    .bind("ttl", (double) TTL.toSeconds())
                                    .execute();
                    if (inserted == 1) {
                        return new Fresh();
                    }
                    Row r =
                            h.createQuery(
                                            "SELECT request_sha256, brief_id, response_status,"
                                                    + " response_body, completed_at IS NOT NULL AS"
                                                    + " completed, coalesce(locked_until > now(),"
                                                    + " false) AS locked FROM api_idempotency_keys"
                                                    + " WHERE key_id = :k AND idempotency_key = :v"
                                                    + " FOR UPDATE")
                                    .bind("k", k.apiKeyId())
                                    .bind("v", k.value())
                                    .map(
                                            (rs, ctx) ->
                                                    new Row(
                                                            rs.getBytes("request_sha256"),
                                                            rs.getObject("brief_id", UUID.class),
                                                            rs.getObject(
                                                                    "response_status",
                                                                    Integer.class),
                                                            rs.getString("response_body"),
                                                            rs.getBoolean("completed"),
                                                            rs.getBoolean("locked")))
                                    .one();
                    if (!Arrays.equals(r.sha256(), k.requestSha256())) {
                        return new Mismatch();
                    }
                    if (r.completed()) {
                        return new Replay(r.status(), r.body(), r.briefId());
                    }
                    if (r.locked()) {
                        return new InProgress();
                    }
                    h.createUpdate(
                                    "UPDATE api_idempotency_keys SET locked_until = now() +"
                                            + " make_interval(secs => :lease) WHERE key_id = :k AND"
                                            + " idempotency_key = :v")
                            .bind("lease", (double) LEASE.toSeconds())
                            .bind("k", k.apiKeyId())
                            .bind("v", k.value())
                            .execute();
                    return r.briefId() == null ? new Fresh() : new Resume(r.briefId(), r.body());
                });
    }

    private record Row(
            byte[] sha256,
            UUID briefId,
            Integer status,
            String body,
            boolean completed,
            boolean locked) {}

    /** Ties the key to the brief and its answer, in the transaction that stores the brief. */
    void attach(Handle h, Key k, UUID briefId, String body) {
        h.createUpdate(
                        "UPDATE api_idempotency_keys SET brief_id = :b, response_status = 201,"
                                + " response_body = :body WHERE key_id = :k AND idempotency_key ="
                                + " :v")
                .bind("b", briefId)
                .bind("body", body)
                .bind("k", k.apiKeyId())
                .bind("v", k.value())
                .execute();
    }

    /** The brief's events are committed: later requests with this key replay the answer. */
    public void complete(Key k) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE api_idempotency_keys SET completed_at = now(),"
                                                + " locked_until = NULL WHERE key_id = :k AND"
                                                + " idempotency_key = :v")
                                .bind("k", k.apiKeyId())
                                .bind("v", k.value())
                                .execute());
    }

    /**
     * The request ended without completing: a key with no brief is forgotten (an invalid or refused
     * request can be corrected and sent again), one with a brief is released for a retry.
     */
    public void release(Key k) {
        jdbi.useHandle(
                h -> {
                    h.createUpdate(
                                    "DELETE FROM api_idempotency_keys WHERE key_id = :k AND"
                                            + " idempotency_key = :v AND brief_id IS NULL")
                            .bind("k", k.apiKeyId())
                            .bind("v", k.value())
                            .execute();
                    h.createUpdate(
                                    "UPDATE api_idempotency_keys SET locked_until = NULL WHERE"
                                            + " key_id = :k AND idempotency_key = :v")
                            .bind("k", k.apiKeyId())
                            .bind("v", k.value())
                            .execute();
                });
    }
}
