package io.flywheel.api.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates, checks and revokes API keys. A key reads {@code fw_<key id>_<secret>}: the key id (12
 * lower-case letters and digits) finds the row, the SHA-256 of the whole key must match the stored
 * one (compared in constant time). Verified keys are cached briefly so that a request does not cost
 * a database round trip; a revocation takes effect within {@link #CACHE_TTL}.
 */
public final class ApiKeys {
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Pattern FORMAT = Pattern.compile("fw_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_CACHED = 10_000;

    private final Jdbi jdbi;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKey key, byte[] sha256, long expiresAtNanos) {}

    public ApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Makes a key with this scope; the returned secret is the only copy of the key. */
    public CreatedKey create(Scope scope, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a key needs a name of 1 to 100 characters");
        }
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret =
                "fw_"
                        + id
                        + "_"
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = Instant.now();
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO api_keys (key_id, key_sha256, scope, name,"
                                                + " created_at) VALUES (:id, :hash, :scope, :name,"
                                                + " :now)")
                                .bind("id", id.toString())
                                .bind("hash", sha256(secret))
                                .bind("scope", scope.wire())
                                .bind("name", name.strip())
                                .bind("now", now)
                                .execute());
        return new CreatedKey(
                new ApiKey(id.toString(), scope, name.strip(), now, null, null), secret);
    }

    /** The key this presented secret proves, if it is well-formed, known, matching and live. */
    public Optional<ApiKey> verify(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        String keyId = m.group(1);
        byte[] hash = sha256(presented);
        Cached c = cache.get(keyId);
        if (c == null || c.expiresAtNanos - System.nanoTime() < 0) {
            c = load(keyId).orElse(null);
            if (c == null) {
                return Optional.empty();
            }
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(keyId, c);
        }
        if (c.key.revokedAt() != null || !MessageDigest.isEqual(c.sha256, hash)) {
            return Optional.empty();
        }
        return Optional.of(c.key);
    }

    private Optional<Cached> load(String keyId) {
        long expires = System.nanoTime() + CACHE_TTL.toNanos();
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "UPDATE api_keys SET last_used_at = now() WHERE key_id ="
                                                + " :id RETURNING key_id, key_sha256, scope, name,"
                                                + " created_at, revoked_at, last_used_at")
                                .bind("id", keyId)
                                .map(
                                        (rs, ctx) ->
                                                new Cached(
                                                        new ApiKey(
                                                                rs.getString("key_id"),
                                                                Scope.parse(rs.getString("scope")),
                                                                rs.getString("name"),
                                                                instant(rs, "created_at"),
                                                                instant(rs, "revoked_at"),
                                                                instant(rs, "last_used_at")),
                                                        rs.getBytes("key_sha256"),
                                                        expires))
                                .findOne());
    }

    public List<ApiKey> list() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT key_id, scope, name, created_at, revoked_at,"
                                                + " last_used_at FROM api_keys ORDER BY created_at")
                                .map(
                                        (rs, ctx) ->
                                                new ApiKey(
                                                        rs.getString("key_id"),
                                                        Scope.parse(rs.getString("scope")),
                                                        rs.getString("name"),
                                                        instant(rs, "created_at"),
                                                        instant(rs, "revoked_at"),
                                                        instant(rs, "last_used_at")))
                                .list());
    }

    /** Revokes a key; returns whether a live key was revoked. */
    public boolean revoke(String keyId) {
        cache.remove(keyId);
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE api_keys SET revoked_at = now() WHERE"
                                                        + " key_id = :id AND revoked_at IS NULL")
                                        .bind("id", keyId)
                                        .execute())
                == 1;
    }

    private static Instant instant(java.sql.ResultSet rs, String col) throws java.sql.SQLException {
        java.sql.Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
