package io.flywheel.publishers.instagram;

import io.flywheel.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring links to a rendered file under the API's {@code /v1/media/} route, for platforms
 * that fetch the video themselves (Instagram's {@code video_url}). Same form as the API's links:
 * HMAC-SHA256 over the path and the expiry (epoch seconds), base64url without padding.
 */
public final class SignedMediaLinks {
    public static final Duration TTL = Duration.ofHours(6);

    private final String base;
    private final byte[] key;

    public SignedMediaLinks(String baseUrl, Secret key) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key.reveal().getBytes(StandardCharsets.UTF_8);
    }

    /** The link to {@code relativePath} (inside the media directory) valid until now + TTL. */
    public URI link(String relativePath, long nowMs) {
        long expires = nowMs / 1000 + TTL.toSeconds();
        return URI.create(
                base
                        + "/v1/media/"
                        + encodePath(relativePath)
                        + "?expires="
                        + expires
                        + "&sig="
                        + sign(relativePath, expires));
    }

    String sign(String path, long expires) {
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
