package io.flywheel.api.http;

/**
 * Limits failed API-key checks per client address: {@link #BURST} at once, then one a second.
 * Guessing keys costs a database look-up each, so an address that keeps failing is refused (429).
 * Only failures are counted and only failing requests are refused: a valid key is always served,
 * even from an address where another client behind the same NAT or proxy sends bad keys. At most
 * {@code maxAddresses} addresses are remembered (the least recently seen are forgotten first), so a
 * flood of distinct addresses cannot exhaust the heap.
 */
public final class FailedKeyLimiter {
    static final int BURST = 20;
    static final double PER_SECOND = 1.0;

    private final RateLimiter failures;

    public FailedKeyLimiter(int maxAddresses) {
        this.failures = new RateLimiter(PER_SECOND, BURST, maxAddresses);
    }

    /**
     * Counts one failed key check from {@code address}.
     *
     * @return whether the address is over its limit (answer 429 instead of 401)
     */
    public boolean failedAndOverLimit(String address) {
        return !failures.take(address).allowed();
    }

    /** Addresses remembered now; never more than the bound given at construction. */
    public long trackedAddresses() {
        return failures.trackedKeys();
    }
}
