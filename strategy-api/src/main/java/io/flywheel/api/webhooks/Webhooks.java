package io.flywheel.api.webhooks;

/**
 * What the webhook routes use: the store, the secrets, and how to wake the dispatcher after a
 * replay.
 */
public record Webhooks(WebhookStore store, WebhookSecrets secrets, Runnable wakeDispatcher) {}
