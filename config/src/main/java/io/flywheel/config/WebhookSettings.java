package io.flywheel.config;

/**
 * How the strategy API delivers webhooks: signed POSTs, retried with exponential backoff.
 *
 * @param enabled whether the API runs the dispatcher (subscriptions can be managed either way)
 * @param maxAttempts attempts per delivery before it is marked failed (it can still be replayed)
 * @param backoffInitialMs wait after the first failed attempt; doubled after each further one
 * @param backoffMaxMs the longest wait between two attempts
 * @param timeoutS per POST (connect and answer)
 * @param pollMs how often the dispatcher looks for due deliveries when nothing woke it
 * @param allowPrivateAddresses whether subscription URLs may resolve to loopback, private,
 *     link-local or unique-local addresses (off: such URLs are refused when subscribed and when
 *     delivered to)
 */
public record WebhookSettings(
        boolean enabled,
        int maxAttempts,
        long backoffInitialMs,
        long backoffMaxMs,
        int timeoutS,
        long pollMs,
        boolean allowPrivateAddresses) {}
