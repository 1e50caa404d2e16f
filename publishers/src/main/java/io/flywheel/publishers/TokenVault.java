package io.flywheel.publishers;

import io.flywheel.config.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * Refresh tokens of platform accounts in PostgreSQL ({@code platform_tokens}), encrypted with
 * AES-256-GCM under a key from the environment ({@code FLYWHEEL_PUBLISH_TOKEN_KEY}, 32 bytes in
 * base64), so the database alone reveals no token. Each value is a fresh 12-byte nonce followed by
 * the ciphertext and tag; the platform name is the associated data, so a value copied to another
 * platform's row does not decrypt.
 */
public final class TokenVault {
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;
    private final SecretKeySpec key;

    /**
     * @param key 32 bytes in base64
     */
    public TokenVault(Jdbi jdbi, Secret key) {
        byte[] k = Base64.getDecoder().decode(key.reveal().trim());
        if (k.length != 32) {
            throw new IllegalArgumentException("the token key must be 32 bytes in base64");
        }
        this.jdbi = jdbi;
        this.key = new SecretKeySpec(k, "AES");
    }

    /**
     * The connected account's token store of {@code platform}, or one in memory when no key is set
     * (then no account can have been connected, and the environment's token is the only one).
     */
    public static RefreshTokenStore connectedAccount(Jdbi jdbi, Secret key, String platform) {
        return key.isEmpty()
                ? RefreshTokenStore.inMemory()
                : new TokenVault(jdbi, key).forPlatform(platform);
    }

    /** The store of one platform account's refresh token. */
    public RefreshTokenStore forPlatform(String platform) {
        return new RefreshTokenStore() {
            @Override
            public Optional<Secret> load() {
                return jdbi.withHandle(
                                h ->
                                        h.createQuery(
                                                        "SELECT refresh_token FROM platform_tokens"
                                                                + " WHERE platform = :platform")
                                                .bind("platform", platform)
                                                .mapTo(byte[].class)
                                                .findOne())
                        .map(b -> Secret.of(decrypt(platform, b)));
            }

            @Override
            public void save(Secret token) {
                byte[] value = encrypt(platform, token.reveal());
                jdbi.useHandle(
                        h ->
                                h.createUpdate(
                                                "INSERT INTO platform_tokens (platform,"
                                                        + " refresh_token) VALUES (:platform,"
                                                        + " :token) ON CONFLICT (platform) DO"
                                                        + " UPDATE SET refresh_token ="
                                                        + " EXCLUDED.refresh_token, updated_at ="
                                                        + " now()")
                                        .bind("platform", platform)
                                        .bind("token", value)
                                        .execute());
            }
        };
    }

    /**
     * Encrypts {@code plain} bound to {@code context} (the associated data): the value decrypts
     * only with the same key and context. For other secrets that must be usable again, e.g. a
     * webhook's signing secret bound to its subscription id.
     */
    public byte[] seal(String context, String plain) {
        return encrypt(context, plain);
    }

    /** The plain text of a value {@link #seal}ed with {@code context}. */
    public String open(String context, byte[] value) {
        try {
            return decryptOrFail(context, value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a stored secret does not decrypt: FLYWHEEL_PUBLISH_TOKEN_KEY changed?", e);
        }
    }

    byte[] encrypt(String platform, String plain) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(platform.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    private String decryptOrFail(String context, byte[] value) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, value, 0, NONCE));
        c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return new String(c.doFinal(value, NONCE, value.length - NONCE), StandardCharsets.UTF_8);
    }

    String decrypt(String platform, byte[] value) {
        try {
            return decryptOrFail(platform, value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the stored "
                            + platform
                            + " refresh token does not decrypt: FLYWHEEL_PUBLISH_TOKEN_KEY changed?"
                            + " Authorise again and set the platform's refresh token",
                    e);
        }
    }
}
