package io.flywheel.streaming.engagement;

import java.util.UUID;

/**
 * The canonical text of video ids, made once per video and handed out again for its next events: a
 * record's key is its video id text, and making it (a {@code UUID.toString} and its hash) for every
 * record, on both sides of the shuffle, showed in profiles. Reusing one {@code String} per video
 * also lets the heap state's look-up compare the key by identity instead of by its 36 bytes.
 *
 * <p>A bounded cache (2-way, {@value #SETS} sets): a video that does not fit costs what it did
 * before, a fresh string, never a wrong one. Entries are immutable, so a shared instance is safe.
 */
final class VideoIdTexts {
    private static final int SETS = 4096;

    private record Entry(long high, long low, String text) {}

    private final Entry[] entries = new Entry[2 * SETS];

    String of(long high, long low) {
        int i = 2 * set(high, low);
        Entry first = entries[i];
        if (first != null && first.high == high && first.low == low) {
            return first.text;
        }
        Entry second = entries[i + 1];
        if (second != null && second.high == high && second.low == low) {
            return second.text;
        }
        String text = new UUID(high, low).toString();
        entries[i + 1] = first;
        entries[i] = new Entry(high, low, text);
        return text;
    }

    private static int set(long high, long low) {
        long k = high ^ low;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        return (int) k & (SETS - 1);
    }
}
