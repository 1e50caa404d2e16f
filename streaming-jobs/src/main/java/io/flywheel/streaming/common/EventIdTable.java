package io.flywheel.streaming.common;

/**
 * A set of 128-bit ids (UUIDs as two longs) in one {@code long[]}: open addressing with linear
 * probing, at most half full. Layout: {@code [0]} the number of ids, {@code [1]} 1 if the all-zero
 * id is in the set (the all-zero pair marks a free slot), then one {@code (high, low)} pair per
 * slot. One array per key instead of a map of boxed longs: a look-up touches one or two cache
 * lines, and a checkpoint writes the array as it is.
 */
public final class EventIdTable {
    private static final int HEADER = 2;
    private static final int MIN_SLOTS = 16;

    private EventIdTable() {}

    public static long[] empty() {
        return new long[HEADER + 2 * MIN_SLOTS];
    }

    public static int size(long[] t) {
        return (int) t[0];
    }

    public static boolean contains(long[] t, long high, long low) {
        if (high == 0 && low == 0) {
            return t[1] != 0;
        }
        int mask = slots(t) - 1;
        for (int i = slot(high, low, mask); ; i = (i + 1) & mask) {
            long h = t[HEADER + 2 * i];
            long l = t[HEADER + 2 * i + 1];
            if (h == high && l == low) {
                return true;
            }
            if (h == 0 && l == 0) {
                return false;
            }
        }
    }

    /**
     * Adds an id not in the set yet; returns the table, or a larger copy when it had to grow (the
     * caller keeps whichever is returned).
     */
    public static long[] add(long[] t, long high, long low) {
        if (high == 0 && low == 0) {
            if (t[1] == 0) {
                t[1] = 1;
                t[0]++;
            }
            return t;
        }
        if (2 * (size(t) + 1) > slots(t)) {
            t = grow(t);
        }
        put(t, high, low);
        t[0]++;
        return t;
    }

    private static long[] grow(long[] t) {
        long[] bigger = new long[HEADER + 4 * slots(t)];
        bigger[0] = t[0];
        bigger[1] = t[1];
        for (int i = HEADER; i < t.length; i += 2) {
            if (t[i] != 0 || t[i + 1] != 0) {
                put(bigger, t[i], t[i + 1]);
            }
        }
        return bigger;
    }

    private static void put(long[] t, long high, long low) {
        int mask = slots(t) - 1;
        int i = slot(high, low, mask);
        while (t[HEADER + 2 * i] != 0 || t[HEADER + 2 * i + 1] != 0) {
            i = (i + 1) & mask;
        }
        t[HEADER + 2 * i] = high;
        t[HEADER + 2 * i + 1] = low;
    }

    private static int slots(long[] t) {
        return (t.length - HEADER) / 2;
    }

    /** MurmurHash3's 64-bit finalizer over both halves: ids that are not random spread too. */
    private static int slot(long high, long low, int mask) {
        long k = high * 31 + low;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return (int) k & mask;
    }
}
