package io.flywheel.storage;

import io.flywheel.config.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring signed links to stored media under the API's {@code /v1/media/} route: for browsers'
 * {@code <video>} and {@code <img>} elements, which cannot send an API key header, and for
 * platforms that fetch a video themselves (Instagram's {@code video_url}). The signature
 * (HMAC-SHA256, base64url without padding) covers the path and the expiry (epoch seconds), so a
 * link opens that one file until it expires, nothing else. The API and the publisher sign with the
 * same key when one is configured ({@code instagram.media.link.key}); otherwise the API makes a
 * random one.
 */
public final class MediaLinks {
    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    private MediaLinks(byte[] key, Duration ttl, Clock clock) {
        this.key = key;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Links signed with {@code key}, or with a random key of this process when it is empty. */
    public static MediaLinks of(Secret key, Duration ttl, Clock clock) {
        if (key.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new MediaLinks(random, ttl, clock);
        }
        return new MediaLinks(key.reveal().getBytes(StandardCharsets.UTF_8), ttl, clock);
    }

    /** {@code /v1/media/<path>?expires=…&sig=…}, valid for the TTL from now. */
    public String link(String relativePath) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return "/v1/media/"
                + encodePath(relativePath)
                + "?expires="
                + expires
                + "&sig="
                + sign(relativePath, expires);
    }

    public Duration ttl() {
        return ttl;
    }

    /** Whether {@code sig} signs {@code relativePath} until {@code expires}, not yet past. */
    public boolean valid(String relativePath, String expires, String sig) {
        if (expires == null || sig == null) {
            return false;
        }
        long e;
        try {
            e = Long.parseLong(expires);
        } catch (NumberFormatException ex) {
            return false;
        }
        if (e < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(relativePath, e).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encodePath(String p) {
        StringBuilder sb = new StringBuilder();
        for (String s : p.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }
}
