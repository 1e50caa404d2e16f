package io.flywheel.api.webhooks;

/**
 * What the webhook routes use: the store, the secrets, how to wake the dispatcher after a replay,
 * and the guard that refuses URLs on internal networks.
 */
public record Webhooks(
        WebhookStore store,
        WebhookSecrets secrets,
        Runnable wakeDispatcher,
        WebhookAddressGuard addresses) {

    /** Refusing private addresses (the default of {@code webhooks.allow.private.addresses}). */
    public Webhooks(WebhookStore store, WebhookSecrets secrets, Runnable wakeDispatcher) {
        this(store, secrets, wakeDispatcher, new WebhookAddressGuard(false));
    }
}
