package io.flywheel.api.videos;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring signed links to media files, for browsers' {@code <video>} and {@code <img>} elements,
 * which cannot send an API key header. The signature (HMAC-SHA256 with a per-process random key)
 * covers the path and the expiry, so a link opens that one file until it expires, nothing else.
 */
public final class MediaLinks {
    public static final Duration TTL = Duration.ofHours(1);
    private final byte[] key = new byte[32];
    private final Clock clock;

    public MediaLinks(Clock clock) {
        new SecureRandom().nextBytes(key);
        this.clock = clock;
    }

    public String link(String relativePath) {
        long expires = clock.instant().plus(TTL).getEpochSecond();
        return "/v1/media/"
                + encodePath(relativePath)
                + "?expires="
                + expires
                + "&sig="
                + sign(relativePath, expires);
    }

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
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
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
