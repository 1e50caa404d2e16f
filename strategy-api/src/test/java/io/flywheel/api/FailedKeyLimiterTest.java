package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.api.http.FailedKeyLimiter;
import org.junit.jupiter.api.Test;

/** The failed-key limiter's memory over a flood of distinct client addresses. */
class FailedKeyLimiterTest {
    @Test
    void aHundredThousandAddressesStayWithinTheBound() {
        FailedKeyLimiter limiter = new FailedKeyLimiter(10_000);
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 100_000; i++) {
            String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            assertThat(limiter.failedAndOverLimit(address)).isFalse();
        }
        long tracked = limiter.trackedAddresses();
        System.out.printf(
                "100000 addresses: %d tracked, heap used %d MB%n",
                tracked, (rt.totalMemory() - rt.freeMemory()) >> 20);
        assertThat(tracked).isLessThanOrEqualTo(10_000).isGreaterThan(0);

        // An address that keeps failing is still turned away after the flood: 20 at once, then no.
        String guesser = "192.0.2.7";
        int allowed = 0;
        for (int i = 0; i < 25; i++) {
            if (!limiter.failedAndOverLimit(guesser)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(20);
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(10_000);
    }
}
