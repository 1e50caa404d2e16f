package io.flywheel.streaming.ops;

import java.util.Arrays;

/**
 * A mergeable latency histogram with logarithmic buckets (the idea of DDSketch): bucket i holds
 * values in (gamma^(i-1), gamma^i], so any quantile is answered within 1% relative error, two
 * sketches merge by adding counts, and memory is fixed (about 8 KB) however many values are added.
 */
public class LatencySketch {
    static final double GAMMA = 1.02;
    static final double LOG_GAMMA = Math.log(GAMMA);

    /** gamma^1023 is about 6.3e8 ms (a week): anything longer is kept in the last bucket. */
    static final int BUCKETS = 1024;

    public long[] counts = new long[BUCKETS];
    public long count;

    public LatencySketch() {}

    public void add(long valueMs) {
        counts[index(valueMs)]++;
        count++;
    }

    public void merge(LatencySketch o) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += o.counts[i];
        }
        count += o.count;
    }

    static int index(long v) {
        if (v <= 1) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(v) / LOG_GAMMA));
    }

    /** The q-quantile (0-1), within 1% of the true value; null when empty. */
    public Double quantile(double q) {
        if (count == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * count);
        rank = Math.max(1, rank);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                // The middle of the bucket in relative terms: 2 g^i / (g + 1).
                return i == 0 ? 1.0 : 2 * Math.pow(GAMMA, i) / (GAMMA + 1);
            }
        }
        return Math.pow(GAMMA, BUCKETS - 1);
    }

    @Override
    public String toString() {
        return "LatencySketch[count="
                + count
                + ", nonEmpty="
                + Arrays.stream(counts).filter(c -> c > 0).count()
                + "]";
    }
}
