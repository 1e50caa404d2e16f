package io.flywheel.streaming.engagement;

/** An engagement event that arrived after its windows closed: kept, counted, not summed. */
public class LateEvent {
    /** Behind the watermark by more than the allowed lateness when it arrived. */
    public static final String BEYOND_ALLOWED_LATENESS = "beyond_allowed_lateness";

    /** On time, but its video's arm became known only after its window had closed. */
    public static final String ARM_KNOWN_TOO_LATE = "arm_known_too_late";

    /** Dropped by a window operator (a safety net: the filters above should prevent it). */
    public static final String WINDOW_CLOSED = "window_closed";

    public Engagement engagement;
    public long watermark;
    public String reason;

    public LateEvent() {}

    public LateEvent(Engagement engagement, long watermark, String reason) {
        this.engagement = engagement;
        this.watermark = watermark;
        this.reason = reason;
    }
}
