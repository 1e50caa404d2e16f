package io.flywheel.api.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Subscriptions, deliveries and their attempts in PostgreSQL. Deliveries are the dispatcher's
 * queue: a delivery is inserted once per (subscription, event id), claimed by moving its due time
 * past the send timeout (so a dispatcher that dies mid-send leaves it due again), and every attempt
 * is logged.
 */
public final class WebhookStore {

    /** A subscription as the API shows it: never its secret. */
    public record Subscription(
            UUID id,
            String url,
            List<String> events,
            String description,
            String createdBy,
            Instant createdAt) {}

    /** A delivery and where it stands. */
    public record Delivery(
            long id,
            UUID subscriptionId,
            String eventId,
            String eventType,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Integer lastStatusCode,
            String lastError,
            Instant createdAt,
            Instant deliveredAt,
            int replays) {}

    /** One logged attempt. */
    public record Attempt(
            int attempt, Instant startedAt, long durationMs, Integer statusCode, String error) {}

    /** A claimed delivery with what is needed to send it. */
    public record Claimed(
            long id,
            UUID subscriptionId,
            String url,
            byte[] sealedSecret,
            String eventId,
            String eventType,
            String body,
            int attempts,
            int attemptsBeforeReplay) {}

    private final Jdbi jdbi;

    public WebhookStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void create(
            UUID id,
            String url,
            List<String> events,
            byte[] sealedSecret,
            String description,
            String createdBy,
            Instant now) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO webhook_subscriptions (subscription_id, url,"
                                                + " events, secret_sealed, description, created_by,"
                                                + " created_at) VALUES (:id, :url, :events,"
                                                + " :secret, :description, :by, :now)")
                                .bind("id", id)
                                .bind("url", url)
                                .bind("events", events.toArray(String[]::new))
                                .bind("secret", sealedSecret)
                                .bind("description", description)
                                .bind("by", createdBy)
                                .bind("now", now)
                                .execute());
    }

    public List<Subscription> subscriptions() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM webhook_subscriptions WHERE deleted_at IS"
                                                + " NULL ORDER BY created_at, subscription_id")
                                .map((rs, ctx) -> subscription(rs))
                                .list());
    }

    public Optional<Subscription> subscription(UUID id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM webhook_subscriptions WHERE subscription_id"
                                                + " = :id AND deleted_at IS NULL")
                                .bind("id", id)
                                .map((rs, ctx) -> subscription(rs))
                                .findOne());
    }

    /**
     * Ends a subscription: nothing new is queued for it and its pending deliveries are dropped
     * (marked failed); the log stays.
     *
     * @return false if there was no such live subscription
     */
    public boolean delete(UUID id, Instant now) {
        return jdbi.inTransaction(
                h -> {
                    int n =
                            h.createUpdate(
                                            "UPDATE webhook_subscriptions SET deleted_at = :now"
                                                    + " WHERE subscription_id = :id AND deleted_at"
                                                    + " IS NULL")
                                    .bind("id", id)
                                    .bind("now", now)
                                    .execute();
                    h.createUpdate(
                                    "UPDATE webhook_deliveries SET status = 'failed', last_error"
                                            + " = 'subscription deleted' WHERE subscription_id ="
                                            + " :id AND status = 'pending'")
                            .bind("id", id)
                            .execute();
                    return n == 1;
                });
    }

    /**
     * Queues {@code p} for every live subscription to its type that existed when the event happened
     * (a new subscription gets no history). Queuing the same event again adds nothing.
     *
     * @return deliveries added
     */
    public int enqueue(WebhookPayloads.Payload p, Instant now) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO webhook_deliveries (subscription_id,"
                                                + " event_id, event_type, body, status,"
                                                + " next_attempt_at) SELECT subscription_id,"
                                                + " :eventId, :type, :body, 'pending', :now FROM"
                                                + " webhook_subscriptions WHERE deleted_at IS NULL"
                                                + " AND :type = ANY (events) AND created_at <="
                                                + " :eventTime ON CONFLICT (subscription_id,"
                                                + " event_id) DO NOTHING")
                                .bind("eventId", p.eventId())
                                .bind("type", p.type().wire())
                                .bind("body", p.body())
                                .bind("now", now)
                                .bind("eventTime", p.createdAt())
                                .execute());
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code leaseMs}: no other dispatcher takes them
     * meanwhile, and if this one dies they are due again when the lease ends.
     */
    public List<Claimed> claimDue(int limit, long leaseMs, Instant now) {
        return jdbi.inTransaction(
                h ->
                        h.createQuery(
                                        "UPDATE webhook_deliveries d SET next_attempt_at = :until"
                                                + " FROM"
                                                + " webhook_subscriptions s WHERE s.subscription_id"
                                                + " = d.subscription_id AND d.delivery_id IN"
                                                + " (SELECT delivery_id FROM webhook_deliveries"
                                                + " WHERE status = 'pending' AND next_attempt_at <="
                                                + " :now ORDER BY next_attempt_at LIMIT :limit FOR"
                                                + " UPDATE SKIP LOCKED) RETURNING d.delivery_id,"
                                                + " d.subscription_id, s.url, s.secret_sealed,"
                                                + " d.event_id, d.event_type, d.body, d.attempts,"
                                                + " d.attempts_before_replay")
                                .bind("now", now)
                                .bind("until", now.plusMillis(leaseMs))
                                .bind("limit", limit)
                                .map(
                                        (rs, ctx) ->
                                                new Claimed(
                                                        rs.getLong("delivery_id"),
                                                        rs.getObject("subscription_id", UUID.class),
                                                        rs.getString("url"),
                                                        rs.getBytes("secret_sealed"),
                                                        rs.getString("event_id"),
                                                        rs.getString("event_type"),
                                                        rs.getString("body"),
                                                        rs.getInt("attempts"),
                                                        rs.getInt("attempts_before_replay")))
                                .list());
    }

    /**
     * Logs an attempt and moves the delivery on: delivered, due again at {@code retryAt}, or failed
     * when {@code retryAt} is null.
     */
    public void recordAttempt(
            Claimed c,
            Instant startedAt,
            long durationMs,
            Integer statusCode,
            String error,
            boolean delivered,
            Instant retryAt) {
        int attempt = c.attempts() + 1;
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO webhook_attempts (delivery_id, attempt,"
                                            + " started_at, duration_ms, status_code, error) VALUES"
                                            + " (:id, :attempt, :started, :ms, :code, :error)")
                            .bind("id", c.id())
                            .bind("attempt", attempt)
                            .bind("started", startedAt)
                            .bind("ms", durationMs)
                            .bind("code", statusCode)
                            .bind("error", error)
                            .execute();
                    h.createUpdate(
                                    "UPDATE webhook_deliveries SET attempts = :attempt,"
                                            + " last_status_code = :code, last_error = :error,"
                                            + " status = :status, delivered_at = CASE WHEN"
                                            + " :delivered THEN :now ELSE delivered_at END,"
                                            + " next_attempt_at = COALESCE(:retryAt,"
                                            + " next_attempt_at) WHERE delivery_id = :id AND"
                                            + " status = 'pending'")
                            .bind("id", c.id())
                            .bind("attempt", attempt)
                            .bind("code", statusCode)
                            .bind("error", error)
                            .bind(
                                    "status",
                                    delivered
                                            ? "delivered"
                                            : retryAt == null ? "failed" : "pending")
                            .bind("delivered", delivered)
                            .bind("now", startedAt.plusMillis(durationMs))
                            .bind("retryAt", retryAt)
                            .execute();
                });
    }

    public List<Delivery> deliveries(UUID subscriptionId, String status, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM webhook_deliveries WHERE subscription_id ="
                                                + " :id AND (CAST(:status AS text) IS NULL OR"
                                                + " status = :status) ORDER BY delivery_id DESC"
                                                + " LIMIT :limit")
                                .bind("id", subscriptionId)
                                .bind("status", status)
                                .bind("limit", limit)
                                .map((rs, ctx) -> delivery(rs))
                                .list());
    }

    public Optional<Delivery> delivery(UUID subscriptionId, long deliveryId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM webhook_deliveries WHERE subscription_id ="
                                                + " :s AND delivery_id = :d")
                                .bind("s", subscriptionId)
                                .bind("d", deliveryId)
                                .map((rs, ctx) -> delivery(rs))
                                .findOne());
    }

    public List<Attempt> attempts(long deliveryId) {
        return jdbi.withHandle(h -> attempts(h, deliveryId));
    }

    private static List<Attempt> attempts(Handle h, long deliveryId) {
        return h.createQuery(
                        "SELECT * FROM webhook_attempts WHERE delivery_id = :d ORDER BY attempt")
                .bind("d", deliveryId)
                .map(
                        (rs, ctx) ->
                                new Attempt(
                                        rs.getInt("attempt"),
                                        rs.getTimestamp("started_at").toInstant(),
                                        rs.getLong("duration_ms"),
                                        (Integer) rs.getObject("status_code"),
                                        rs.getString("error")))
                .list();
    }

    /**
     * Sends a delivery again (whatever its status) with the full number of attempts, now.
     *
     * @return false if the subscription has no such delivery or was deleted
     */
    public boolean replay(UUID subscriptionId, long deliveryId, Instant now) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE webhook_deliveries d SET status ="
                                                        + " 'pending', next_attempt_at = :now,"
                                                        + " replays = replays + 1,"
                                                        + " attempts_before_replay = attempts FROM"
                                                        + " webhook_subscriptions s WHERE"
                                                        + " s.subscription_id = d.subscription_id"
                                                        + " AND s.deleted_at IS NULL AND"
                                                        + " d.subscription_id = :s AND"
                                                        + " d.delivery_id = :d")
                                        .bind("s", subscriptionId)
                                        .bind("d", deliveryId)
                                        .bind("now", now)
                                        .execute())
                == 1;
    }

    /** Deliveries waiting to be sent or retried: the retry queue's depth. */
    public long pending() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT count(*) FROM webhook_deliveries WHERE status ="
                                                + " 'pending'")
                                .mapTo(Long.class)
                                .one());
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        Array events = rs.getArray("events");
        return new Subscription(
                rs.getObject("subscription_id", UUID.class),
                rs.getString("url"),
                Arrays.asList((String[]) events.getArray()),
                rs.getString("description"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(
                rs.getLong("delivery_id"),
                rs.getObject("subscription_id", UUID.class),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("status"),
                rs.getInt("attempts"),
                instant(rs.getTimestamp("next_attempt_at")),
                (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("delivered_at")),
                rs.getInt("replays"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
