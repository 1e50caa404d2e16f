package io.flywheel.publishers.accounts;

import io.flywheel.publishers.TokenVault;
import io.flywheel.publishers.youtube.QuotaLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The connected platform accounts in {@code platform_tokens}: one account per platform, its stored
 * token encrypted by the {@link TokenVault} (so the publisher's {@code RefreshTokenStore} of that
 * platform reads it), its identity and expiries in plain columns, and today's quota use from the
 * publishers' ledgers.
 */
public final class ConnectedAccounts {

    /** One connected account as {@code accounts list} and the API show it (no token). */
    public record Account(
            String platform,
            String accountId,
            String accountName,
            String scopes,
            Instant connectedAt,
            Instant accessExpiresAt,
            Instant refreshExpiresAt,
            Map<String, Integer> quotaToday) {}

    private final Jdbi jdbi;

    public ConnectedAccounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores the grant, replacing the platform's previous account, in one statement. */
    public void save(TokenVault vault, String platform, CodeExchange.Grant g, Instant now) {
        byte[] sealed = vault.seal(platform, g.storedToken().reveal());
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO platform_tokens (platform, refresh_token,"
                                                + " updated_at, account_id, account_name, scopes,"
                                                + " connected_at, access_expires_at,"
                                                + " refresh_expires_at) VALUES (:platform, :token,"
                                                + " :now, :id, :name, :scopes, :now, :access,"
                                                + " :refresh) ON CONFLICT (platform) DO UPDATE SET"
                                                + " refresh_token = EXCLUDED.refresh_token,"
                                                + " updated_at = EXCLUDED.updated_at, account_id ="
                                                + " EXCLUDED.account_id, account_name ="
                                                + " EXCLUDED.account_name, scopes = EXCLUDED.scopes,"
                                                + " connected_at = EXCLUDED.connected_at,"
                                                + " access_expires_at = EXCLUDED.access_expires_at,"
                                                + " refresh_expires_at ="
                                                + " EXCLUDED.refresh_expires_at")
                                .bind("platform", platform)
                                .bind("token", sealed)
                                .bind("now", now)
                                .bind("id", g.accountId())
                                .bind("name", g.accountName())
                                .bind("scopes", g.scopes())
                                .bind("access", now.plusSeconds(g.accessExpiresInS()))
                                .bind(
                                        "refresh",
                                        g.storedExpiresInS() > 0
                                                ? now.plusSeconds(g.storedExpiresInS())
                                                : null)
                                .execute());
    }

    /** Every platform with a stored token, and its quota use on the day of {@code now}. */
    public List<Account> list(Instant now) {
        LocalDate pacificDay = QuotaLedger.day(now.toEpochMilli());
        Instant utcDay =
                now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        return jdbi.withHandle(
                h ->
                        h
                                .createQuery(
                                        "SELECT platform, account_id, account_name, scopes,"
                                                + " connected_at, access_expires_at,"
                                                + " refresh_expires_at FROM platform_tokens ORDER"
                                                + " BY platform")
                                .map(
                                        (rs, ctx) ->
                                                new Account(
                                                        rs.getString("platform"),
                                                        rs.getString("account_id"),
                                                        rs.getString("account_name"),
                                                        rs.getString("scopes"),
                                                        instant(rs.getTimestamp("connected_at")),
                                                        instant(
                                                                rs.getTimestamp(
                                                                        "access_expires_at")),
                                                        instant(
                                                                rs.getTimestamp(
                                                                        "refresh_expires_at")),
                                                        Map.of()))
                                .list()
                                .stream()
                                .map(
                                        a ->
                                                new Account(
                                                        a.platform(),
                                                        a.accountId(),
                                                        a.accountName(),
                                                        a.scopes(),
                                                        a.connectedAt(),
                                                        a.accessExpiresAt(),
                                                        a.refreshExpiresAt(),
                                                        quota(h, a.platform(), pacificDay, utcDay)))
                                .toList());
    }

    /**
     * Today's use: YouTube's quota units (its day starts at midnight Pacific time) and the requests
     * counted in every rate window of the platform since midnight UTC, by bucket.
     */
    private static Map<String, Integer> quota(
            org.jdbi.v3.core.Handle h, String platform, LocalDate pacificDay, Instant utcDay) {
        Map<String, Integer> out = new LinkedHashMap<>();
        h.createQuery(
                        "SELECT units_used FROM platform_quota_usage WHERE platform = :p AND"
                                + " quota_day = :d")
                .bind("p", platform)
                .bind("d", pacificDay)
                .mapTo(Integer.class)
                .findOne()
                .ifPresent(u -> out.put("units", u));
        h.createQuery(
                        "SELECT substr(bucket, length(:p) + 2) AS name, sum(used)::int AS used"
                                + " FROM platform_rate_windows WHERE bucket LIKE :p || ':%' AND"
                                + " window_start >= :since GROUP BY bucket ORDER BY bucket")
                .bind("p", platform)
                .bind("since", utcDay)
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getInt("used")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
