package io.flywheel.publishers.youtube;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jdbi.v3.core.Jdbi;

/**
 * Quota units used per platform and quota day, in PostgreSQL so every publisher process (and a
 * restarted one) sees the same count. YouTube's quota day starts at midnight Pacific time.
 */
public final class QuotaLedger {
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    private final Jdbi jdbi;

    public QuotaLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The quota day {@code epochMs} falls in. */
    public static LocalDate day(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(PACIFIC).toLocalDate();
    }

    /** When the quota day after {@code day} starts, in epoch ms. */
    public static long nextReset(LocalDate day) {
        return day.plusDays(1).atStartOfDay(PACIFIC).toInstant().toEpochMilli();
    }

    /**
     * Takes {@code cost} units of {@code day}'s {@code limit}, atomically across processes.
     *
     * @return false (and nothing taken) if they are not available
     */
    public boolean reserve(String platform, LocalDate day, int cost, int limit) {
        if (cost > limit) {
            return false;
        }
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "INSERT INTO platform_quota_usage (platform, quota_day,"
                                                + " units_used) VALUES (:platform, :day, :cost) ON"
                                                + " CONFLICT (platform, quota_day) DO UPDATE SET"
                                                + " units_used = platform_quota_usage.units_used +"
                                                + " :cost, updated_at = now() WHERE NOT"
                                                + " platform_quota_usage.exhausted AND"
                                                + " platform_quota_usage.units_used + :cost <="
                                                + " :limit RETURNING units_used")
                                .bind("platform", platform)
                                .bind("day", day)
                                .bind("cost", cost)
                                .bind("limit", limit)
                                .mapTo(Integer.class)
                                .findOne()
                                .isPresent());
    }

    /** The platform said the quota is used up (its count may differ from ours): stop for today. */
    public void exhausted(String platform, LocalDate day, int limit) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO platform_quota_usage (platform, quota_day,"
                                                + " units_used, exhausted) VALUES (:platform, :day,"
                                                + " :limit, true) ON CONFLICT (platform, quota_day)"
                                                + " DO UPDATE SET exhausted = true, units_used ="
                                                + " GREATEST(platform_quota_usage.units_used,"
                                                + " :limit), updated_at = now()")
                                .bind("platform", platform)
                                .bind("day", day)
                                .bind("limit", limit)
                                .execute());
    }

    public int used(String platform, LocalDate day) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT units_used FROM platform_quota_usage WHERE"
                                                + " platform = :platform AND quota_day = :day")
                                .bind("platform", platform)
                                .bind("day", day)
                                .mapTo(Integer.class)
                                .findOne()
                                .orElse(0));
    }
}
