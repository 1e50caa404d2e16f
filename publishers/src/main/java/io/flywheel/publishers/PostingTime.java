package io.flywheel.publishers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** When a video asked to go live at a UTC hour goes live. */
public final class PostingTime {
    private PostingTime() {}

    /** The first moment at or after {@code now} whose UTC hour is {@code hour}. */
    public static long next(long now, int hour) {
        ZonedDateTime at0 = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC);
        ZonedDateTime at = at0.withHour(hour).withMinute(0).withSecond(0).withNano(0);
        if (at.isBefore(at0) && at0.getHour() != hour) {
            at = at.plusDays(1);
        }
        return Math.max(now, at.toInstant().toEpochMilli());
    }
}
