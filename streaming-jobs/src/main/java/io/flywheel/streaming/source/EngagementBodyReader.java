package io.flywheel.streaming.source;

import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.Platform;
import io.flywheel.streaming.engagement.Engagement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Reads a single-object encoded {@code EngagementObserved} of the current writer schema straight
 * into an {@link Engagement}: no generated record, no strings but the platform's name, ids parsed
 * from their bytes. Decoding and validating through {@link EventCodec} was a quarter of the
 * engagement job's CPU.
 *
 * <p>It only ever answers for messages that the codec would decode and find valid, with the values
 * {@link Engagement#of} would make; for anything else (another writer schema, malformed bytes, a
 * contract violation, or merely an unusual encoding such as a non-canonical UUID) it returns {@code
 * null}, and the caller asks the codec, which then gives the same result and reason as before. Not
 * thread-safe: one per deserializer.
 */
public final class EngagementBodyReader {
    /**
     * The writer schema this reader is written for, field by field; checked against the current
     * schema so a schema change disables this reader instead of misreading.
     */
    static final String SHAPE =
            "envelope:{event_id:string,event_type:string,event_time:long,producer:string,"
                    + "trace_id:string},video_id:string,platform:enum[UNKNOWN,YOUTUBE_SHORTS,"
                    + "TIKTOK,INSTAGRAM_REELS],platform_video_id:string,period_start:long,"
                    + "period_end:long,views:null|long,engagedViews:null|long,"
                    + "estimatedMinutesWatched:null|double,averageViewDuration:null|double,"
                    + "averageViewPercentage:null|double,likes:null|long,comments:null|long,"
                    + "shares:null|long,subscribersGained:null|long,subscribersLost:null|long,"
                    + "impressions:null|long,reach:null|long,saved:null|long,"
                    + "estimated_revenue_micro_usd:null|long";

    private static final byte[] EVENT_TYPE =
            "EngagementObserved".getBytes(StandardCharsets.US_ASCII);

    /** Longer strings (none of this event's are near it) go to the codec and its limits. */
    private static final int MAX_STRING_BYTES = 4096;

    private static final int HEADER = 10;
    private static final String[] PLATFORMS = {
        Platform.UNKNOWN.name(),
        Platform.YOUTUBE_SHORTS.name(),
        Platform.TIKTOK.name(),
        Platform.INSTAGRAM_REELS.name()
    };

    /** Thrown (without a stack) when the codec has to decide. */
    private static final class AskTheCodec extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AskTheCodec() {
            super(null, null, false, false);
        }
    }

    private static final AskTheCodec ASK = new AskTheCodec();

    private final long fingerprint;
    private final boolean enabled;

    private byte[] buf;
    private int pos;

    public EngagementBodyReader() {
        Schema current = EngagementObserved.getClassSchema();
        this.fingerprint = EventCodec.fingerprint(current);
        this.enabled = SHAPE.equals(shape(current));
    }

    /** False if the current schema is not the one this reader knows (then it never answers). */
    public boolean enabled() {
        return enabled;
    }

    /** The engagement in {@code bytes}, or null if the codec has to decode them. */
    public Engagement read(byte[] bytes) {
        if (!enabled
                || bytes == null
                || bytes.length < HEADER
                || bytes[0] != (byte) 0xC3
                || bytes[1] != (byte) 0x01
                || littleEndianLong(bytes, 2) != fingerprint) {
            return null;
        }
        buf = bytes;
        pos = HEADER;
        try {
            return body();
        } catch (AskTheCodec | ArrayIndexOutOfBoundsException e) {
            return null;
        } finally {
            buf = null;
        }
    }

    private Engagement body() {
        Engagement g = new Engagement();
        // envelope
        g.eventIdHigh = uuidHigh();
        g.eventIdLow = uuidLow();
        exactly(EVENT_TYPE);
        g.eventTime = positiveLong();
        nonBlank();
        uuidHigh();
        uuidLow();
        // event
        g.videoIdHigh = uuidHigh();
        g.videoIdLow = uuidLow();
        int platform = smallInt();
        if (platform >= PLATFORMS.length) {
            throw ASK;
        }
        g.platform = PLATFORMS[platform];
        nonBlank();
        long periodStart = positiveLong();
        long periodEnd = varLong();
        if (periodEnd < periodStart) {
            throw ASK;
        }
        boolean hasViews = present();
        long views = hasViews ? notNegative(varLong()) : 0;
        g.views = views;
        g.engagedViews = optionalCount();
        g.minutesWatched = present() ? notNegative(doubleValue()) : 0;
        if (present()) {
            notNegative(doubleValue()); // averageViewDuration: validated, not used
        }
        if (present()) {
            double pct = notNegative(doubleValue());
            if (hasViews) {
                g.viewPercentWeighted = pct * views;
                g.viewPercentViews = views;
            }
        }
        g.likes = optionalCount();
        g.comments = optionalCount();
        g.shares = optionalCount();
        g.subscribersGained = optionalCount();
        g.subscribersLost = optionalCount();
        g.impressions = optionalCount();
        optionalCount(); // reach
        optionalCount(); // saved
        if (present()) {
            g.revenueMicroUsd = notNegative(varLong());
            g.revenueReported = true;
        }
        if (pos != buf.length) {
            throw ASK;
        }
        return g;
    }

    /** A union index of {@code ["null", x]}: only the one-byte encodings 0 and 1. */
    private boolean present() {
        byte b = buf[pos++];
        if (b == 0) {
            return false;
        }
        if (b == 2) {
            return true;
        }
        throw ASK;
    }

    private long optionalCount() {
        return present() ? notNegative(varLong()) : 0;
    }

    /** An int below 64 in its one-byte encoding (zig-zag); anything else goes to the codec. */
    private int smallInt() {
        byte b = buf[pos++];
        if (b < 0 || (b & 1) != 0) {
            throw ASK;
        }
        return b >> 1;
    }

    /** A zig-zag varint of at most 9 bytes (63 bits); longer encodings go to the codec. */
    private long varLong() {
        long raw = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            byte b = buf[pos++];
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw ASK;
    }

    private long positiveLong() {
        long v = varLong();
        if (v <= 0) {
            throw ASK;
        }
        return v;
    }

    private static long notNegative(long v) {
        if (v < 0) {
            throw ASK;
        }
        return v;
    }

    /** The validator's rule (NaN and negatives are invalid; -0.0 is not negative). */
    private static double notNegative(double v) {
        if (!(v >= 0)) {
            throw ASK;
        }
        return v;
    }

    private double doubleValue() {
        if (pos + 8 > buf.length) {
            throw ASK;
        }
        double d = Double.longBitsToDouble(littleEndianLong(buf, pos));
        pos += 8;
        return d;
    }

    /** Start of a string field's bytes, after checking that its length fits the message. */
    private int stringStart(int length) {
        if (length < 0 || pos + length > buf.length) {
            throw ASK;
        }
        int start = pos;
        pos += length;
        return start;
    }

    private int stringLength() {
        long n = varLong();
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw ASK;
        }
        return (int) n;
    }

    private void exactly(byte[] want) {
        int start = stringStart(stringLength());
        if (pos - start != want.length) {
            throw ASK;
        }
        for (int i = 0; i < want.length; i++) {
            if (buf[start + i] != want[i]) {
                throw ASK;
            }
        }
    }

    /**
     * A string with a visible ASCII character, so surely not blank; others (empty, only whitespace,
     * only non-ASCII) are left to the codec, whose rule is {@link String#isBlank}.
     */
    private void nonBlank() {
        int start = stringStart(stringLength());
        for (int i = start; i < pos; i++) {
            if (buf[i] > 0x20 && buf[i] < 0x7F) {
                return;
            }
        }
        throw ASK;
    }

    // A UUID in canonical form (8-4-4-4-12 hex digits, either case): read as two halves. The
    // validator also takes looser forms that UUID.fromString accepts; those go to the codec.
    private int uuidStart;

    private long uuidHigh() {
        if (stringLength() != 36) {
            throw ASK;
        }
        uuidStart = stringStart(36);
        int s = uuidStart;
        dash(s + 8);
        dash(s + 13);
        dash(s + 18);
        dash(s + 23);
        return hex(s, 8) << 32 | hex(s + 9, 4) << 16 | hex(s + 14, 4);
    }

    private long uuidLow() {
        int s = uuidStart;
        return hex(s + 19, 4) << 48 | hex(s + 24, 12);
    }

    private void dash(int at) {
        if (buf[at] != '-') {
            throw ASK;
        }
    }

    /** The value of each byte as a hex digit, or -1: one table look-up per digit, no branches. */
    private static final byte[] HEX_DIGIT = new byte[256];

    static {
        Arrays.fill(HEX_DIGIT, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX_DIGIT['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX_DIGIT['a' + i] = (byte) (10 + i);
            HEX_DIGIT['A' + i] = (byte) (10 + i);
        }
    }

    private long hex(int from, int digits) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < from + digits; i++) {
            int d = HEX_DIGIT[buf[i] & 0xFF];
            bad |= d;
            v = v << 4 | d;
        }
        if (bad < 0) {
            throw ASK;
        }
        return v;
    }

    private static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    /** The field-by-field shape of a schema, in the notation of {@link #SHAPE}. */
    static String shape(Schema s) {
        return switch (s.getType()) {
            case RECORD -> {
                List<String> fields = new ArrayList<>();
                for (Schema.Field f : s.getFields()) {
                    String t = shape(f.schema());
                    fields.add(f.name() + ":" + t);
                }
                String inner = String.join(",", fields);
                yield s.getName().equals("EngagementObserved") ? inner : "{" + inner + "}";
            }
            case ENUM -> "enum[" + String.join(",", s.getEnumSymbols()) + "]";
            case UNION -> {
                List<String> branches = new ArrayList<>();
                for (Schema b : s.getTypes()) {
                    branches.add(shape(b));
                }
                yield String.join("|", branches);
            }
            default -> s.getType().getName();
        };
    }
}
