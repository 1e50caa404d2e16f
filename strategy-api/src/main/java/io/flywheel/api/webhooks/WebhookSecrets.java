package io.flywheel.api.webhooks;

import io.flywheel.publishers.TokenVault;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The subscriptions' signing secrets: made here ({@code whsec_} and 32 random bytes), shown once at
 * creation, and kept encrypted with the publishers' {@link TokenVault} (AES-256-GCM under {@code
 * FLYWHEEL_PUBLISH_TOKEN_KEY}, bound to the subscription id) because the dispatcher must use them
 * again to sign. Without the key no subscription can be made.
 */
public final class WebhookSecrets {
    private final TokenVault vault;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param vault null when {@code FLYWHEEL_PUBLISH_TOKEN_KEY} is not set
     */
    public WebhookSecrets(TokenVault vault) {
        this.vault = vault;
    }

    public boolean available() {
        return vault != null;
    }

    String newSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    byte[] seal(UUID subscriptionId, String secret) {
        return vault.seal(context(subscriptionId), secret);
    }

    String open(UUID subscriptionId, byte[] sealed) {
        return vault.open(context(subscriptionId), sealed);
    }

    private static String context(UUID subscriptionId) {
        return "webhook:" + subscriptionId;
    }
}
